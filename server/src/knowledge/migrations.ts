/**
 * Database migration commands: one-off, cluster-wide tasks that must run once per release, not
 * once per pod. Each entry matches one simple command, written as its words joined by single
 * spaces (program base name first: `python manage.py migrate --noinput`).
 */

export interface MigrationCommand {
  /** The tool, for messages. */
  tool: string;
  pattern: RegExp;
}

export const MIGRATION_COMMANDS: readonly MigrationCommand[] = [
  // Django: `python manage.py migrate`, `./manage.py migrate`, `django-admin migrate`.
  { tool: 'Django', pattern: /(^|\s)(\S*\/)?manage\.py\s+(\S+\s+)*?migrate(\s|$)/ },
  { tool: 'Django', pattern: /(^|\s)django-admin(\.py)?\s+(\S+\s+)*?migrate(\s|$)/ },
  // Flask-Migrate: `flask db upgrade`.
  { tool: 'Flask-Migrate', pattern: /(^|\s)flask\s+(\S+\s+)*?db\s+upgrade(\s|$)/ },
  // Alembic: `alembic upgrade head`.
  { tool: 'Alembic', pattern: /(^|\s)alembic\s+(\S+\s+)*?upgrade(\s|$)/ },
  // Flyway CLI (`flyway migrate`) and its Maven/Gradle goals.
  { tool: 'Flyway', pattern: /(^|\s)flyway\s+(\S+\s+)*?migrate(\s|$)/ },
  { tool: 'Flyway', pattern: /(^|\s)flyway:migrate(\s|$)/ },
  // Liquibase: `liquibase update` (and `update-count`, `updateCount`), Maven goal.
  { tool: 'Liquibase', pattern: /(^|\s)liquibase\s+(\S+\s+)*?(update|update-count|updateCount|update-to-tag)(\s|$)/ },
  { tool: 'Liquibase', pattern: /(^|\s)liquibase:update(\s|$)/ },
  // Rails / Rake: `rake db:migrate`, `rails db:migrate`, `bin/rails db:prepare`.
  { tool: 'Rails', pattern: /(^|\s)(\S*\/)?(rake|rails)\s+(\S+\s+)*?db:(migrate|prepare|setup)(\s|$)/ },
  // Prisma: `prisma migrate deploy`.
  { tool: 'Prisma', pattern: /(^|\s)prisma\s+migrate\s+deploy(\s|$)/ },
  // Knex: `knex migrate:latest`.
  { tool: 'Knex', pattern: /(^|\s)knex\s+(\S+\s+)*?migrate:(latest|up)(\s|$)/ },
  // Sequelize CLI: `sequelize db:migrate`.
  { tool: 'Sequelize', pattern: /(^|\s)sequelize(-cli)?\s+(\S+\s+)*?db:migrate(\s|$)/ },
  // TypeORM: `typeorm migration:run`.
  { tool: 'TypeORM', pattern: /(^|\s)typeorm(-ts-node-commonjs|-ts-node-esm)?\s+(\S+\s+)*?migration:run(\s|$)/ },
  // db-migrate (Node): `db-migrate up`.
  { tool: 'db-migrate', pattern: /(^|\s)db-migrate\s+(\S+\s+)*?up(\s|$)/ },
  // Package scripts named for migrations: `npm run migrate`, `yarn db:migrate`.
  { tool: 'a migrate script', pattern: /(^|\s)(npm|yarn|pnpm)\s+(run\s+)?(db:)?migrate(:deploy|:latest|:up)?(\s|$)/ },
  // golang-migrate: `migrate -path … -database … up`.
  { tool: 'golang-migrate', pattern: /(^|\s)migrate\s+(\S+\s+)*?-(path|source|database)[=\s](\S+\s+)*?up(\s|$)/ },
  // goose: `goose postgres "…" up`, `goose up`.
  { tool: 'goose', pattern: /(^|\s)goose\s+(\S+\s+)*?up(\s|$)/ },
  // dbmate: `dbmate up`, `dbmate migrate`.
  { tool: 'dbmate', pattern: /(^|\s)dbmate\s+(\S+\s+)*?(up|migrate)(\s|$)/ },
  // Atlas: `atlas migrate apply`, `atlas schema apply`.
  { tool: 'Atlas', pattern: /(^|\s)atlas\s+(migrate|schema)\s+apply(\s|$)/ },
  // Laravel: `php artisan migrate`.
  { tool: 'Laravel', pattern: /(^|\s)(\S*\/)?artisan\s+migrate(\s|$)/ },
  // Doctrine: `bin/console doctrine:migrations:migrate`.
  { tool: 'Doctrine', pattern: /(^|\s)doctrine:migrations:migrate(\s|$)/ },
  // Diesel (Rust): `diesel migration run`; sqlx: `sqlx migrate run`.
  { tool: 'Diesel', pattern: /(^|\s)diesel\s+migration\s+run(\s|$)/ },
  { tool: 'sqlx', pattern: /(^|\s)sqlx\s+migrate\s+run(\s|$)/ },
  // Ecto (Elixir): `mix ecto.migrate`.
  { tool: 'Ecto', pattern: /(^|\s)mix\s+ecto\.migrate(\s|$)/ },
];

/** The migration tool a command line runs, if any. */
export function migrationTool(commandLine: string): string | undefined {
  return MIGRATION_COMMANDS.find((m) => m.pattern.test(commandLine))?.tool;
}

/**
 * Images whose entrypoint is a migration tool, so that `args` alone hold the subcommand
 * (`image: flyway/flyway`, `args: [migrate]`). Repository patterns as in ./images.ts.
 */
export const MIGRATION_ENTRYPOINTS: readonly { match: string; program: string }[] = [
  // Flyway's official image: ENTRYPOINT ["flyway"].
  { match: 'flyway/flyway', program: 'flyway' },
  // Liquibase's official image: its entrypoint runs `liquibase "$@"`.
  { match: 'liquibase/liquibase', program: 'liquibase' },
  // golang-migrate: ENTRYPOINT ["migrate"].
  { match: 'migrate/migrate', program: 'migrate' },
  // dbmate: ENTRYPOINT ["dbmate"].
  { match: 'amacneil/dbmate', program: 'dbmate' },
  // Atlas: ENTRYPOINT ["/atlas"].
  { match: 'arigaio/atlas', program: 'atlas' },
];
