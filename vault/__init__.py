"""The petitioners' personal data keys: per-person AES-256-GCM keys, wrapped by a master key."""
