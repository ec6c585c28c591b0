"""The screens of the terminal UI, one class per module."""
