-- Neovim 0.7 as a second real LSP client of LeakLens (adapted from the shared e2e recipe).
-- Usage: LEAKLENS_LSP_CMD='["node","…/dist/cli.js","lsp","--stdio"]' \
--          nvim --headless -u NONE -i NONE -n -c "luafile dump_diags.lua" -- <file.go> <out.json>
-- Starts the server, opens the file, waits for the server's first publishDiagnostics for it, writes what
-- vim.diagnostic.get() holds (plus the server's PID) as JSON, stops the client, and exits 0 (1 on timeout).
-- Neovim 0.7 has no vim.lsp.start(): start_client + buf_attach_client.
local file, out = vim.fn.argv(0), vim.fn.argv(1)
local cmd = vim.fn.json_decode(os.getenv('LEAKLENS_LSP_CMD'))
vim.cmd('edit ' .. vim.fn.fnameescape(file))
vim.bo.filetype = 'go'
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
local published = false
local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  default_handler(err, result, ctx, config) -- stores them in vim.diagnostic
  if result and result.uri == uri then published = true end
end
local client_id = vim.lsp.start_client({
  name = 'leaklens',
  cmd = cmd,
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
vim.lsp.buf_attach_client(buf, client_id)
local ok = vim.wait(20000, function() return published end, 20)
local client = vim.lsp.get_client_by_id(client_id)
local res = { ok = ok, file = file, server_pid = client and client.rpc and client.rpc.pid or vim.NIL, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(res.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    severity = d.severity, message = d.message, source = d.source, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or vim.NIL })
end
vim.fn.writefile({ vim.fn.json_encode(res) }, out)
vim.lsp.stop_client(client_id)
-- Give the server its shutdown/exit before quitting (bounded).
vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
vim.cmd(ok and 'qa!' or 'cquit! 1')
