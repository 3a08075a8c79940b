"""The version of the standardised plan's schema, kept apart from the package version.

The schema version is in every plan (``schema_version``), in the JSON Schema file's name and in its ``$id``.
It changes only when the shape of a plan changes; a migration path then reads plans of the older version.
"""

SCHEMA_VERSION = "1.0.0"
SCHEMA_ID = f"urn:ehcp-standard:schema:ehcp-plan:{SCHEMA_VERSION}"
