import ArgumentParser
import Formats
import MSCrypto
import Verify

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a model file's format, size, SHA-256, tensors and graph.",
        discussion: """
            Formats are recognised from content: ckpt (plain, CRC, encrypted), mindir (plain, encrypted, \
            split save), onnx, air, mslite, safetensors. ONNX, MindIR, AIR and MindSpore Lite models also \
            show their graph: inputs, outputs, op histogram, weights and header values. Encrypted \
            checkpoints and MindIR models are read only when --key or --key-file is given.
            """)

    @Argument(help: "Model files to inspect.")
    var files: [String]

    @OptionGroup var key: KeyOptions

    @Flag(help: "Print one JSON document per file.")
    var json = false

    @Flag(name: .customLong("no-hash"), help: "Skip the SHA-256 of the whole file.")
    var noHash = false

    func validate() throws { _ = try key.resolve() }

    func run() throws {
        let keyBytes = try key.resolve()
        var failed = false
        for (index, path) in files.enumerated() {
            do {
                let report = try InspectReport.make(path: path, key: keyBytes, hash: !noHash)
                if json {
                    print(report.json.rendered())
                } else {
                    if index > 0 { print("") }
                    print(report.text)
                }
            } catch {
                printError("mshub: \(error)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }
}

struct KeyOptions: ParsableArguments {
    @Option(help: "Decryption key as hex (16, 24 or 32 bytes for AES, 16 for SM4).")
    var key: String?

    @Option(name: .customLong("key-file"), help: "File holding the raw key bytes.")
    var keyFile: String?

    func resolve() throws -> [UInt8]? {
        if key != nil && keyFile != nil {
            throw ValidationError("give --key or --key-file, not both")
        }
        if let key {
            guard let bytes = SHA256.fromHex(key), [16, 24, 32].contains(bytes.count) else {
                throw ValidationError("--key must be 32, 48 or 64 hex digits")
            }
            return bytes
        }
        if let keyFile {
            do {
                let storage = try ByteStorage.map(path: keyFile, format: "key")
                let bytes = storage.view.bytes
                guard [16, 24, 32].contains(bytes.count) else {
                    throw ValidationError("--key-file must hold 16, 24 or 32 raw bytes, not \(bytes.count)")
                }
                return bytes
            } catch let error as FormatError {
                throw ValidationError("\(error)")
            }
        }
        return nil
    }
}
