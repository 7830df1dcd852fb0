// CLI entry: leaklens check | health | handles | lsp.
