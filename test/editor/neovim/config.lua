-- The shipped Neovim config (editors/nvim/lsp/initlens.lua) in Neovim, headless: its cmd starts
-- the server from PATH, its filetypes take the buffer, its root_markers find the repository, its
-- settings reach the server. Neovim 0.11+ takes the file the way users do (vim.lsp.config +
-- vim.lsp.enable); older versions (Debian's 0.7) start the same config with vim.lsp.start_client,
-- finding the root from root_markers here. Driven by neovim.test.mjs, which asserts on the JSON.
--
-- env: INITLENS_CONFIG  editors/nvim/lsp/initlens.lua
--      INITLENS_FILE    the manifest to open
--      INITLENS_OUT     where the JSON result goes
local result = { steps = {}, nvim = vim.version() }
local log = {}

local function step(name, fn)
  local ok, err = pcall(fn)
  result.steps[#result.steps + 1] = { name = name, ok = ok, err = not ok and tostring(err) or nil }
  return ok
end

local config = dofile(vim.env.INITLENS_CONFIG)
result.config = { cmd = config.cmd, filetypes = config.filetypes, root_markers = config.root_markers, settings = config.settings }
local file = vim.fn.fnamemodify(vim.env.INITLENS_FILE, ':p')
local handlers = { ['window/logMessage'] = function(_, r) table.insert(log, r.message) end }

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ':h')
  while true do
    for _, marker in ipairs(config.root_markers) do
      if vim.loop.fs_stat(dir .. '/' .. marker) then return dir end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then return nil end
    dir = parent
  end
end

local ok = step('start', function()
  vim.cmd('filetype on')
  if vim.lsp.enable and vim.lsp.config then
    result.mode = 'vim.lsp.enable'
    vim.lsp.config('initlens', vim.tbl_extend('force', config, { handlers = handlers }))
    vim.lsp.enable('initlens')
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
  else
    result.mode = 'vim.lsp.start_client'
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    assert(vim.tbl_contains(config.filetypes, vim.bo.filetype), 'filetype ' .. vim.bo.filetype .. ' is not in the config')
    local id = vim.lsp.start_client({ name = 'initlens', cmd = config.cmd, root_dir = root_of(file), settings = config.settings, handlers = handlers })
    assert(id, 'start_client returned nil')
    assert(vim.lsp.buf_attach_client(0, id), 'buf_attach_client failed')
  end
  result.filetype = vim.bo.filetype
end)

ok = ok and step('diagnostics', function()
  assert(vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20), 'no diagnostics within 20 s')
  local clients = vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()
  for _, c in ipairs(clients) do
    if c.name == 'initlens' then result.root_dir = c.config.root_dir end
  end
  result.diagnostics = vim.tbl_map(function(d)
    local lsp = d.user_data and d.user_data.lsp or {}
    return { lnum = d.lnum, col = d.col, severity = d.severity, code = d.code or lsp.code, message = d.message }
  end, vim.diagnostic.get(0))
end)

result.log = log
local f = assert(io.open(vim.env.INITLENS_OUT, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
for _, c in ipairs(vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()) do c.stop() end
vim.wait(3000, function() return #(vim.lsp.get_active_clients and vim.lsp.get_active_clients() or vim.lsp.get_clients()) == 0 end, 20)
vim.cmd('qa!')
