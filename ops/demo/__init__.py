"""The demo province: `make demo` loads it into the embedded database (see `ops.demo.load`)."""
