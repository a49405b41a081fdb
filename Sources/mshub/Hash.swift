import ArgumentParser
import MSCrypto
import Verify

struct Hash: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print or check SHA-256 checksums, like sha256sum.",
        discussion: "Output lines are byte-identical to sha256sum's. With --check, LIST holds lines as printed.")

    @Argument(help: "Files to hash ('-' for standard input).")
    var files: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Read checksums from LIST and check them.", valueName: "list"))
    var check: String?

    @Flag(help: "With --check: don't print OK for each verified file.")
    var quiet = false

    @Flag(help: "With --check: print nothing; the exit code tells.")
    var status = false

    func validate() throws {
        if check == nil && files.isEmpty { throw ValidationError("give files to hash, or --check LIST") }
        if check != nil && !files.isEmpty { throw ValidationError("--check takes the list only") }
    }

    func run() throws {
        if let list = check { try runCheck(list) } else { try runHash() }
    }

    private func digest(_ path: String) throws(CryptoError) -> String {
        SHA256.hex(try SHA256.hashFile(path: path == "-" ? "/dev/stdin" : path))
    }

    private func runHash() throws {
        var failed = false
        for path in files {
            do {
                print(ChecksumList.line(digest: try digest(path), path: path))
            } catch {
                printError("mshub: \(path): \(error.message)")
                failed = true
            }
        }
        if failed { throw ExitCode(2) }
    }

    private func runCheck(_ list: String) throws {
        guard let text = readText(list) else {
            printError("mshub: \(list): \(errnoMessage())")
            throw ExitCode(2)
        }
        let (entries, malformed) = ChecksumList.parse(text)
        if entries.isEmpty {
            printError("mshub: \(list): no properly formatted checksum lines found")
            throw ExitCode(1)
        }
        var mismatched = 0
        var unreadable = 0
        for entry in entries {
            do {
                let actual = try digest(entry.path)
                if actual == entry.digest {
                    if !quiet && !status { print("\(ChecksumList.checkedName(entry.path)): OK") }
                } else {
                    mismatched += 1
                    if !status { print("\(ChecksumList.checkedName(entry.path)): FAILED") }
                }
            } catch {
                unreadable += 1
                if !status {
                    printError("mshub: \(entry.path): \(error.message)")
                    print("\(ChecksumList.checkedName(entry.path)): FAILED open or read")
                }
            }
        }
        if !status {
            if malformed > 0 {
                printError("mshub: WARNING: \(malformed) line\(malformed == 1 ? " is" : "s are") improperly formatted")
            }
            if unreadable > 0 {
                printError("mshub: WARNING: \(unreadable) listed file\(unreadable == 1 ? "" : "s") could not be read")
            }
            if mismatched > 0 {
                printError("mshub: WARNING: \(mismatched) computed checksum\(mismatched == 1 ? "" : "s") did NOT match")
            }
        }
        if mismatched > 0 || unreadable > 0 { throw ExitCode(1) }
    }
}
