// libFuzzer's driver, entered from Swift. SwiftPM links an executable's `main` to the Swift
// module's own entry point, which would hide libFuzzer's `main`; so each target's `@main` calls
// the driver itself (llvm.org/docs/LibFuzzer.html, "Using libFuzzer as a library").
#ifndef CFUZZERDRIVER_H
#define CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// The fuzz target: one input, return 0.
typedef int (*FuzzTestOneInput)(const uint8_t *data, size_t size);

/// Parses libFuzzer's flags from argc/argv and fuzzes `callback`; returns the process's exit code.
int LLVMFuzzerRunDriver(int *argc, char ***argv, FuzzTestOneInput callback);

#endif
