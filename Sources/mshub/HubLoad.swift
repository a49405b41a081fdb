import ArgumentParser
import Foundation
import Hub
import Verify

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--cache DIR`, shared by the commands that use the cache.
struct CacheOption: ParsableArguments {
    @Option(help: "Cache folder (default: $MSHUB_CACHE, else $XDG_CACHE_HOME/mshub, else ~/.cache/mshub).")
    var cache: String?

    var resolved: Cache { Cache(root: cache ?? Cache.defaultRoot()) }
}

/// Exit code for a hub error: 1 when verification failed, 2 otherwise; the message goes to stderr.
func fail(_ error: HubError) -> ExitCode {
    printError("mshub: \(error)")
    return ExitCode(error.isVerificationFailure ? 1 : 2)
}

extension HubCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the model ids of a hub, one per line.",
            discussion: """
                A folder hub is walked (assets/ when present, else the folder itself); an HTTP hub is read from \
                BASE/index.txt, which is what this command prints for a folder.
                """)

        @Argument(help: "A hub folder or an http(s) base URL.")
        var hub: String

        @Flag(help: "Print one JSON document.")
        var json = false

        func run() async throws {
            let ids: [String]
            do {
                let loader = Loader(registry: try Registry(hub), cache: Cache(root: Cache.defaultRoot()))
                do {
                    ids = try await loader.listIDs()
                } catch {
                    await loader.shutdown()
                    throw error
                }
                await loader.shutdown()
            } catch let error as HubError {
                throw fail(error)
            }
            if json {
                print(JSONValue.object([("hub", .string(hub)), ("ids", .array(ids.map(JSONValue.string)))]).rendered())
            } else {
                for id in ids { print(id) }
            }
        }
    }

    struct Load: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Get a model by id as verified local files.",
            discussion: """
                The id is publisher/version/name (the asset file's path under assets/, without .md). Each asset is \
                a folder hub's own file verified in place, or a verified blob of the cache, downloaded when \
                missing (resuming an interrupted download; one download per file across concurrent loads). A file \
                whose SHA-256 does not match is never cached. Assets that declare only a hash prefix are checked \
                by that prefix and reported as a weaker check. Prints each file's path and what `inspect` says. \
                Exit 1 when a hash or the declared file-format does not match.
                """)

        @Argument(help: "Model id: publisher/version/name.")
        var id: String

        @Option(help: "A hub folder or an http(s) base URL (default: the cache only).")
        var hub: String?

        @OptionGroup var cacheOption: CacheOption

        @Flag(help: "Use the cache (and a folder hub's files) only; never the network.")
        var offline = false

        @Option(help: "Seconds without data before a connection counts as dropped.")
        var timeout: Double = 60

        @Option(
            name: .customLong("max-bytes"),
            help: "The largest model file to download, in bytes (default 64 GiB); a longer body is cut off and nothing is kept.")
        var maxBytes: Int = Loader.Options.defaultMaxBytes

        @Flag(help: "Print one JSON document.")
        var json = false

        func validate() throws {
            guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
            guard maxBytes > 0 else { throw ValidationError("--max-bytes must be positive") }
        }

        func run() async throws {
            let cache = cacheOption.resolved
            var options = Loader.Options(offline: offline, readTimeout: timeout, maxBytes: maxBytes)
            if isatty(2) == 1 {
                options.progress = { label in
                    let bar = TerminalProgress(label: label)
                    return { done, total in bar.update(done, total) }
                }
            }
            let result: LoadResult
            do {
                let registry = try hub.map { spec throws(HubError) in try Registry(spec) }
                let loader = Loader(registry: registry, cache: cache, options: options)
                do {
                    result = try await loader.load(id: id)
                } catch {
                    await loader.shutdown()
                    throw error
                }
                await loader.shutdown()
            } catch let error as HubError {
                throw fail(error)
            }
            var documents: [JSONValue] = []
            var texts: [String] = []
            for asset in result.assets {
                var report: InspectReport?
                var inspectError: String?
                do {
                    report = try InspectReport.make(path: asset.path, hash: false)
                    report?.sha256 = asset.sha256
                } catch {
                    inspectError = "\(error)"
                }
                let check = if case .full = asset.declared { "full" } else { "prefix" }
                documents.append(
                    .object([
                        ("index", .int(asset.index)), ("link", .string(asset.link)), ("path", .string(asset.path)),
                        ("sha256", .string(asset.sha256)), ("declared_sha256", .string(asset.declared.hex)),
                        ("check", .string(check)), ("check_bits", .int(asset.declared.hex.utf8.count * 4)),
                        ("bytes", .int(asset.bytes)), ("source", .string(asset.source.rawValue)), ("requests", .int(asset.requests)),
                        ("file_format", asset.fileFormat.map(JSONValue.string) ?? .null),
                        ("real_format", asset.realFormat.map { .string($0.rawValue) } ?? .null),
                        ("format_ok", .bool(asset.formatMatches)),
                        ("inspect", report?.json ?? .null), ("inspect_error", inspectError.map(JSONValue.string) ?? .null),
                    ]))
                var lines = [
                    "asset[\(asset.index)]: \(asset.path)",
                    "  link:      \(asset.link)",
                    "  verified:  " + (check == "full"
                        ? "SHA-256 \(asset.sha256)"
                        : "SHA-256 \(asset.sha256) matches the declared prefix \(asset.declared.hex) only (a weaker check: \(asset.declared.hex.utf8.count * 4) bits)"),
                    "  source:    \(asset.source.rawValue)" + (asset.requests > 0 ? " (\(asset.requests) request(s))" : ""),
                    "  declared:  file-format \(asset.fileFormat ?? "-")"
                        + (asset.formatMatches ? "" : " — MISMATCH: the content is \(asset.realFormat?.rawValue ?? "no known format")"),
                ]
                if let report {
                    lines.append(report.text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
                } else if let inspectError {
                    lines.append("  inspect:   \(inspectError)")
                }
                texts.append(lines.joined(separator: "\n"))
            }
            if json {
                print(
                    JSONValue.object([
                        ("id", .string(result.id)), ("hub", .string(result.hub)), ("cache", .string(cache.root)),
                        ("ok", .bool(result.formatsMatch)), ("assets", .array(documents)),
                    ]).rendered())
            } else {
                print("id: \(result.id) (hub \(result.hub))")
                print(texts.joined(separator: "\n"))
            }
            if !result.formatsMatch {
                printError("mshub: \(id): a declared file-format does not match the file's content")
                throw ExitCode(1)
            }
        }
    }
}
