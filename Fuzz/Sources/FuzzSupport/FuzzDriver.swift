import CFuzzerDriver
import Foundation

/// Runs libFuzzer on `testOneInput` with the process's arguments (`-runs=`, `-max_total_time=`,
/// corpus folders, …) and exits with its code.
public func runFuzzer(_ testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    let code = withUnsafeMutablePointer(to: &argv) { argvPointer in
        LLVMFuzzerRunDriver(&argc, argvPointer, testOneInput)
    }
    exit(code)
}
