-- initlens in Neovim's built-in LSP client (0.7+), headless: proves the server is a plain LSP
-- server that needs nothing from VS Code. Driven by run.mjs, which asserts on the JSON written.
--
-- env: INITLENS_CMD        JSON array, the server command (node dist/server.js --stdio)
--      INITLENS_FILE       the manifest to open
--      INITLENS_HOVER      "line,col" (1-based line, 0-based byte column) to hover at
--      INITLENS_FIX_CODE   the diagnostic code whose quick fix is applied
--      INITLENS_FIX_TITLE  the title of the fix to apply
--      INITLENS_OUT        where the JSON result goes
local result = { nvim = vim.version(), steps = {} }
local log = {}
local out_path = vim.env.INITLENS_OUT

local function finish()
  result.log = log
  local f = assert(io.open(out_path, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function step(name, fn)
  local t0 = vim.loop.hrtime()
  local ok, err = pcall(fn)
  local entry = { name = name, ok = ok, ms = (vim.loop.hrtime() - t0) / 1e6 }
  if not ok then entry.err = tostring(err) end
  result.steps[#result.steps + 1] = entry
  return ok
end

local client_id
local file = vim.env.INITLENS_FILE

local ok = step('start', function()
  client_id = vim.lsp.start_client({
    name = 'initlens',
    cmd = vim.fn.json_decode(vim.env.INITLENS_CMD),
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    settings = { initlens = { kubernetesVersion = '1.33' } },
    handlers = {
      ['window/logMessage'] = function(_, r) table.insert(log, r.message) end,
    },
    on_exit = function(code, signal) result.exit = { code = code, signal = signal } end,
  })
  assert(client_id, 'start_client returned nil')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'yaml'
  assert(vim.lsp.buf_attach_client(0, client_id), 'buf_attach_client failed')
end)

ok = ok and step('diagnostics', function()
  local got = vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 20)
  assert(got, 'no diagnostics within 20 s')
  result.diagnostics = vim.tbl_map(function(d)
    local lsp = d.user_data and d.user_data.lsp or {}
    return { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source, code = d.code or lsp.code, message = d.message }
  end, vim.diagnostic.get(0))
end)

if vim.env.INITLENS_HOVER then
  step('hover', function()
    local l, c = vim.env.INITLENS_HOVER:match('(%d+),(%d+)')
    vim.api.nvim_win_set_cursor(0, { tonumber(l), tonumber(c) })
    local res, err = vim.lsp.buf_request_sync(0, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
    assert(not err, tostring(err))
    result.hover = {}
    for _, r in pairs(res or {}) do
      if r.result and r.result.contents then
        local contents = r.result.contents
        table.insert(result.hover, type(contents) == 'table' and (contents.value or vim.fn.json_encode(contents)) or contents)
      end
    end
  end)
end

ok = ok and step('codeAction', function()
  -- The LSP diagnostic back from Neovim's (0.7 keeps only part of it in user_data.lsp; the
  -- fixture is ASCII, so byte columns are UTF-16 characters).
  local target
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    if (d.code or lsp.code) == vim.env.INITLENS_FIX_CODE then
      target = {
        range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
        severity = d.severity, code = d.code or lsp.code, source = d.source, message = d.message,
        codeDescription = lsp.codeDescription, data = lsp.data,
      }
      break
    end
  end
  assert(target and target.range, 'no diagnostic with code ' .. vim.env.INITLENS_FIX_CODE)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(),
    range = target.range,
    context = { diagnostics = { target } },
  }
  local res, err = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
  assert(not err, tostring(err))
  result.actions = {}
  local chosen
  for _, r in pairs(res or {}) do
    for _, action in ipairs(r.result or {}) do
      table.insert(result.actions, action.title)
      if action.title == vim.env.INITLENS_FIX_TITLE then chosen = action end
    end
  end
  assert(chosen, 'no code action titled ' .. vim.env.INITLENS_FIX_TITLE)
  assert(chosen.edit, 'the code action has no edit')
  vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
  result.text_after_fix = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
end)

finish()
if client_id then
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
end
vim.cmd('qa!')
