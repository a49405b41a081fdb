import ArgumentParser
import Formats

@main
struct MSHub: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mshub",
        abstract: "Inspect and verify MindSpore Hub model files (CKPT, MindIR, ONNX, AIR, MindSpore Lite, safetensors).",
        discussion: "Exit codes: 0 ok, 1 verification failed, 2 bad input, 64 usage.",
        subcommands: [Inspect.self, Hash.self, Convert.self, Run.self, VerifyCommand.self, HubCommand.self, Check.self])
}

/// Prints a located error to stderr and exits with 2 (bad input).
func failBadInput(_ error: any Error) -> ExitCode {
    printError("mshub: \(error)")
    return ExitCode(2)
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleWriter.write(string, fd: 2)
    }
}
