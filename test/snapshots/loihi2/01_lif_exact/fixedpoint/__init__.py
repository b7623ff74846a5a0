"""Support code of the generated Loihi 2 project (no Lava imports)."""
