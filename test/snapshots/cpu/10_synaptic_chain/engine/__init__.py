"""The simulation engine of the converted model (plain numpy, no Lava)."""
