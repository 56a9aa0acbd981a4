"""The workbench's panes. Each takes the Workbench and listens to the bus and Current."""
