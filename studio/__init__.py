"""The Label Studio round trip: a local server, pushing predictions, pulling corrections."""
