"""Excel workbooks in and out (openpyxl, loaded only when used)."""
