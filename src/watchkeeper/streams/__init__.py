"""Sources and sinks of events: JSONL files, HTTP bodies, Redis Streams."""
