"""Actions leave through the outbox: stored first, delivered by webhook, retried until sent."""
