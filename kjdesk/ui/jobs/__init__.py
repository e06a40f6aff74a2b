"""Long work off the GUI thread, and the exchange workbook dialogs built on it."""
