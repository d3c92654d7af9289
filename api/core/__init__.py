"""Infrastructure the routes stand on: settings, database, Rasa client, privacy, protection."""
