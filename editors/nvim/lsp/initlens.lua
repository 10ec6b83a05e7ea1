---@brief
---
--- initlens: Kubernetes YAML with init containers and native sidecars in mind: API schema,
--- init-container and sidecar rules, quick fixes, hover, startup-order lenses.
---
--- Install the server with npm (Node.js 20, 22 or 24):
--- ```sh
--- npm install -g initlens
--- ```
---
--- Neovim 0.11+: put this file on your 'runtimepath' as `lsp/initlens.lua` (or copy it into
--- `~/.config/nvim/lsp/`), then
--- ```lua
--- vim.lsp.enable('initlens')
--- ```
--- It runs beside yaml-language-server (`vim.lsp.enable({ 'yamlls', 'initlens' })`): initlens
--- reports only on Kubernetes manifests.
---
--- Repository settings (target Kubernetes version, rule severities, excluded files) belong in
--- `.initlens.yaml` at the repository root, which the CLI reads too; `settings` below are the
--- editor's defaults where that file says nothing. All settings: docs/configuration.md.

---@type vim.lsp.Config
return {
  cmd = { 'initlens-language-server', '--stdio' },
  filetypes = { 'yaml' },
  root_markers = { '.initlens.yaml', '.git' },
  settings = {
    initlens = {
      -- kubernetesVersion = '1.34',
      -- rules = { ['image-tag-mutable'] = 'off' },
      schema = { enable = true },
      codeLens = { enable = true },
    },
  },
}
