// `mshub hash` against GNU `sha256sum` (the oracle): same stdout byte for byte, same exit code.
// Both run in the same folder with the same relative names, so the names printed are the same.

import Foundation
import Testing

@Suite("mshub hash = sha256sum")
struct HashCommandTests {
    /// Runs `mshub hash names…` and `sha256sum names…` in `dir` and expects identical stdout and success.
    private func expectSameAsSha256sum(
        _ names: [String], in dir: TempDir, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ours = try CLI.mshub(["hash"] + names, cwd: dir.url)
        let oracle = try CLI.sha256sum(names, cwd: dir.url)
        #expect(oracle.status == 0, "sha256sum itself failed: \(oracle.err)", sourceLocation: sourceLocation)
        #expect(ours.status == 0, "mshub hash exited \(ours.status): \(ours.err)", sourceLocation: sourceLocation)
        #expect(!oracle.stdout.isEmpty, sourceLocation: sourceLocation)
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of hash \(names)", sourceLocation: sourceLocation)
    }

    @Test("empty file")
    func emptyFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("empty.bin", Data())
        try expectSameAsSha256sum(["empty.bin"], in: dir)
    }

    @Test("small file")
    func smallFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("small.txt", "hello, mshub\n")
        try expectSameAsSha256sum(["small.txt"], in: dir)
    }

    @Test("file of odd size spanning many read blocks")
    func mediumFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("medium.bin", pseudoRandomBytes(count: 3 * 1024 * 1024 + 7, seed: 42))
        try expectSameAsSha256sum(["medium.bin"], in: dir)
    }

    @Test("absolute path is printed as given")
    func absolutePath() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("abs.txt", "absolute\n")
        try expectSameAsSha256sum([file.path], in: dir)
    }

    @Test(
        "names that GNU escapes (backslash, newline, carriage return)",
        arguments: ["back\\slash.txt", "new\nline.txt", "both\\and\nhere", "cr\rname", "crlf\r\nname"])
    func escapedName(_ name: String) throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write(name, "content of \(name.debugDescription)\n")
        try expectSameAsSha256sum([name], in: dir)
    }

    @Test("several files at once, output in argument order")
    func severalFiles() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("b.txt", "bee\n")
        try dir.write("a.txt", "a\n")
        try dir.write("empty", Data())
        try dir.write("back\\slash", "x")
        try dir.write("new\nline", "y")
        try dir.write("rand.bin", pseudoRandomBytes(count: 100_003, seed: 7))
        try expectSameAsSha256sum(["b.txt", "a.txt", "empty", "back\\slash", "new\nline", "rand.bin", "a.txt"], in: dir)
    }

    @Test("1 GiB sparse file")
    func oneGiB() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("big.bin", Data("head".utf8))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: 1 << 30)
        // A few non-zero bytes at the very end: a reader that stops short of EOF gets a different digest.
        try handle.seek(toOffset: (1 << 30) - 4)
        try handle.write(contentsOf: Data("tail".utf8))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        #expect(size == 1 << 30)
        try expectSameAsSha256sum(["big.bin"], in: dir)
    }

    @Test("'-' hashes standard input from a pipe")
    func stdinPipe() throws {
        let data = pseudoRandomBytes(count: 200_000, seed: 3)
        let ours = try CLI.mshub(["hash", "-"], stdin: .pipe(data))
        let oracle = try CLI.sha256sum(["-"], stdin: .pipe(data))
        #expect(oracle.status == 0)
        #expect(ours.status == 0, "\(ours.err)")
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of hash -")
    }

    @Test("'-' hashes standard input from a file, mixed with named files")
    func stdinFileMixed() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let input = try dir.write("input.bin", "from stdin\n")
        try dir.write("named.txt", "named\n")
        let ours = try CLI.mshub(["hash", "named.txt", "-"], cwd: dir.url, stdin: .file(input))
        let oracle = try CLI.sha256sum(["named.txt", "-"], cwd: dir.url, stdin: .file(input))
        #expect(oracle.status == 0)
        #expect(ours.status == 0, "\(ours.err)")
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of hash named.txt -")
    }

    @Test("a missing file: the others are still hashed, stderr names it, exit 2 (bad input)")
    func missingFile() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        try dir.write("a.txt", "a\n")
        try dir.write("c.txt", "c\n")
        let names = ["a.txt", "missing.txt", "c.txt"]
        let ours = try CLI.mshub(["hash"] + names, cwd: dir.url)
        let oracle = try CLI.sha256sum(names, cwd: dir.url)
        #expect(oracle.status != 0)
        #expect(ours.status == 2, "DESIGN §3: a file that cannot be read is bad input (exit 2)")
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of hash with a missing file")
        #expect(ours.err.contains("missing.txt"), "stderr: \(ours.err)")
    }
}

@Suite("mshub hash --check = sha256sum -c")
struct HashCheckTests {
    /// A folder with three files and a list of their sums written by sha256sum itself.
    private struct Setup {
        let dir: TempDir
        let names = ["one.txt", "two.bin", "three.txt"]

        init() throws {
            dir = try TempDir()
            try dir.write("one.txt", "one\n")
            try dir.write("two.bin", pseudoRandomBytes(count: 70_001, seed: 2))
            try dir.write("three.txt", "three\n")
        }

        /// sha256sum's own listing of `names`.
        func oracleList(_ names: [String]? = nil) throws -> String {
            let listing = try CLI.sha256sum(names ?? self.names, cwd: dir.url)
            #expect(listing.status == 0, "\(listing.err)")
            return listing.out
        }
    }

    /// Runs both checkers on `listName` with `flags` and compares stdout and exit status.
    @discardableResult
    private func compare(
        _ setup: Setup, list listName: String, flags: [String] = [], expectStatus: Int32,
        expectStderr: Bool?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (ours: ProcessResult, oracle: ProcessResult) {
        let ours = try CLI.mshub(["hash"] + flags + ["--check", listName], cwd: setup.dir.url)
        let oracle = try CLI.sha256sum(flags + ["-c", listName], cwd: setup.dir.url)
        #expect(oracle.status == expectStatus, "the oracle itself: \(oracle.err)", sourceLocation: sourceLocation)
        #expect(
            ours.status == oracle.status, "exit status: mshub \(ours.status), sha256sum \(oracle.status); \(ours.err)",
            sourceLocation: sourceLocation)
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of check \(flags)", sourceLocation: sourceLocation)
        if let expectStderr {
            #expect(
                !ours.stderr.isEmpty == expectStderr,
                "stderr should be \(expectStderr ? "non-empty" : "empty"), was \(ours.err.debugDescription)",
                sourceLocation: sourceLocation)
        }
        return (ours, oracle)
    }

    @Test("all match", arguments: [[], ["--quiet"], ["--status"]])
    func allMatch(_ flags: [String]) throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        try setup.dir.write("SUMS", try setup.oracleList())
        let (ours, _) = try compare(setup, list: "SUMS", flags: flags, expectStatus: 0, expectStderr: false)
        if flags.isEmpty { #expect(ours.out.components(separatedBy: ": OK\n").count == 4) }
        if !flags.isEmpty { #expect(ours.stdout.isEmpty) }
    }

    @Test("one file changed after listing", arguments: [[], ["--quiet"], ["--status"]])
    func oneMismatch(_ flags: [String]) throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        try setup.dir.write("SUMS", try setup.oracleList())
        try setup.dir.write("two.bin", "changed")
        let (ours, _) = try compare(
            setup, list: "SUMS", flags: flags, expectStatus: 1, expectStderr: flags == ["--status"] ? false : true)
        if flags != ["--status"] { #expect(ours.out.contains("two.bin: FAILED\n")) }
    }

    @Test("a listed file is missing", arguments: [[], ["--quiet"], ["--status"]])
    func missingFile(_ flags: [String]) throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        try setup.dir.write("SUMS", try setup.oracleList())
        try FileManager.default.removeItem(at: setup.dir.url.appendingPathComponent("three.txt"))
        // sha256sum reports the open error on stderr even with --status, so stderr is not compared there.
        try compare(setup, list: "SUMS", flags: flags, expectStatus: 1, expectStderr: flags == ["--status"] ? nil : true)
    }

    @Test("the list has a malformed line", arguments: [[], ["--quiet"], ["--status"]])
    func malformedLine(_ flags: [String]) throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        var lines = try setup.oracleList().split(separator: "\n").map(String.init)
        lines.insert("this is not a checksum line", at: 1)
        try setup.dir.write("SUMS", lines.joined(separator: "\n") + "\n")
        try compare(
            setup, list: "SUMS", flags: flags, expectStatus: 0, expectStderr: flags == ["--status"] ? false : true)
    }

    @Test("malformed line plus a mismatch")
    func malformedAndMismatch() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let list = "zzzz  one.txt\n" + (try setup.oracleList())
        try setup.dir.write("SUMS", list)
        try setup.dir.write("one.txt", "changed\n")
        try compare(setup, list: "SUMS", expectStatus: 1, expectStderr: true)
    }

    @Test("no properly formatted line at all")
    func nothingValid() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        try setup.dir.write("SUMS", "garbage\nmore garbage\n")
        try compare(setup, list: "SUMS", expectStatus: 1, expectStderr: true)
    }

    @Test("binary-mode (*) and BSD-style (--tag) lists")
    func otherListForms() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let binary = try CLI.sha256sum(["-b"] + setup.names, cwd: setup.dir.url)
        let tagged = try CLI.sha256sum(["--tag"] + setup.names, cwd: setup.dir.url)
        #expect(binary.out.contains(" *one.txt"))
        #expect(tagged.out.contains("SHA256 (one.txt) = "))
        try setup.dir.write("BIN", binary.stdout)
        try setup.dir.write("TAG", tagged.stdout)
        try compare(setup, list: "BIN", expectStatus: 0, expectStderr: false)
        try compare(setup, list: "TAG", expectStatus: 0, expectStderr: false)
    }

    @Test("names GNU escapes, in the list and in check output")
    func escapedNames() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let names = ["back\\slash", "new\nline", "cr\rname", "crlf\r\nname", "one.txt"]
        try setup.dir.write("back\\slash", "b")
        try setup.dir.write("new\nline", "n")
        try setup.dir.write("cr\rname", "r")
        try setup.dir.write("crlf\r\nname", "rn")
        try setup.dir.write("SUMS", try setup.oracleList(names))
        try compare(setup, list: "SUMS", expectStatus: 0, expectStderr: false)
        try setup.dir.write("new\nline", "changed")
        try compare(setup, list: "SUMS", expectStatus: 1, expectStderr: true)
    }

    @Test("a list with CRLF line endings")
    func crlfList() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let list = try setup.oracleList().replacingOccurrences(of: "\n", with: "\r\n")
        try setup.dir.write("SUMS", list)
        try compare(setup, list: "SUMS", expectStatus: 0, expectStderr: false)
        try setup.dir.write("one.txt", "changed\n")
        try compare(setup, list: "SUMS", expectStatus: 1, expectStderr: true)
    }

    @Test("the list itself is missing: exit 2 (bad input), stderr names it")
    func listMissing() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let ours = try CLI.mshub(["hash", "--check", "NO-SUCH-LIST"], cwd: setup.dir.url)
        #expect(ours.status == 2)
        #expect(ours.stdout.isEmpty)
        #expect(ours.err.contains("NO-SUCH-LIST"), "stderr: \(ours.err)")
    }

    @Test("the list read from standard input")
    func listFromStdin() throws {
        let setup = try Setup()
        defer { setup.dir.remove() }
        let list = Data(try setup.oracleList().utf8)
        let ours = try CLI.mshub(["hash", "--check", "-"], cwd: setup.dir.url, stdin: .pipe(list))
        let oracle = try CLI.sha256sum(["-c", "-"], cwd: setup.dir.url, stdin: .pipe(list))
        #expect(oracle.status == 0)
        #expect(ours.status == 0, "\(ours.err)")
        expectSameBytes(ours.stdout, oracle.stdout, "stdout of check -")
    }
}
