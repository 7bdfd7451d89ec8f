// Intentionally empty: the driver itself is in clang's libFuzzer runtime, linked by -sanitize=fuzzer.
