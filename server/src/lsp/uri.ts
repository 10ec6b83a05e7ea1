/** The local path of a `file:` URI; undefined for any other scheme or a URI that is not one. */
import { fileURLToPath } from 'node:url';

export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
