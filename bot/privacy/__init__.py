"""What protects users: redaction, private logs, message limits, payloads, socket sessions."""
