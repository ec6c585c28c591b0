"""The runner's widgets: the item list, the item pane, the verdict pane and the progress line.
Each takes what it shows from its screen (attributes down) and says what the user did with
messages (up); each carries its own default CSS."""
