import ArgumentParser
import Foundation
import Hub
import Verify

extension HubCommand {
    struct CacheCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cache", abstract: "Show or prune the local cache of verified hub files.",
            subcommands: [Ls.self, Prune.self])

        struct Ls: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the cached ids, blobs and interrupted downloads.")

            @OptionGroup var cacheOption: CacheOption

            @Flag(help: "Print one JSON document.")
            var json = false

            func run() throws {
                let cache = cacheOption.resolved
                let refs = cache.refs()
                let blobs = cache.blobs()
                let complete = blobs.filter { !$0.partial }
                let partials = blobs.filter(\.partial)
                if json {
                    print(
                        JSONValue.object([
                            ("cache", .string(cache.root)),
                            (
                                "ids",
                                .array(refs.map { ref in
                                    .object([
                                        ("id", .string(ref.id)), ("hub", .string(ref.hub)),
                                        (
                                            "assets",
                                            .array(ref.assets.map { asset in
                                                .object([
                                                    ("link", .string(asset.link)), ("sha256", .string(asset.sha256)),
                                                    ("bytes", .int(asset.bytes)),
                                                    ("cached", .bool(cache.findBlob(.full(asset.sha256)) != nil)),
                                                ])
                                            })
                                        ),
                                    ])
                                })
                            ),
                            ("blobs", .array(complete.map { .object([("sha256", .string($0.name)), ("bytes", .int($0.bytes))]) })),
                            ("partials", .array(partials.map { .object([("name", .string($0.name)), ("bytes", .int($0.bytes))]) })),
                            ("bytes", .int(blobs.reduce(0) { $0 + $1.bytes })),
                        ]).rendered())
                    return
                }
                print("cache: \(cache.root)")
                for ref in refs {
                    print("\(ref.id)  (hub \(ref.hub))")
                    for asset in ref.assets {
                        let state = cache.findBlob(.full(asset.sha256)) != nil ? "" : "  [not cached: hub's own file]"
                        print("  \(asset.sha256)  \(asset.bytes)  \(asset.link)\(state)")
                    }
                }
                for partial in partials {
                    print("partial download: \(partial.name) (\(partial.bytes) bytes; resumed by the next load, removed by prune)")
                }
                print(
                    "\(refs.count) ids, \(complete.count) blobs (\(complete.reduce(0) { $0 + $1.bytes }) bytes), \(partials.count) partial downloads")
            }
        }

        struct Prune: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove blobs no cached id uses, and interrupted downloads.",
                discussion: "Downloads in progress (their lock is held) are left alone. --all forgets every id first.")

            @OptionGroup var cacheOption: CacheOption

            @Flag(help: "Forget every cached id too, so every blob goes.")
            var all = false

            @Flag(help: "Print one JSON document.")
            var json = false

            func run() throws {
                let cache = cacheOption.resolved
                let report = cache.prune(all: all)
                if json {
                    print(
                        JSONValue.object([
                            ("cache", .string(cache.root)), ("removed_ids", .array(report.removedRefs.map(JSONValue.string))),
                            ("removed_blobs", .array(report.removedBlobs.map(JSONValue.string))),
                            ("removed_partials", .array(report.removedPartials.map(JSONValue.string))),
                            ("busy", .array(report.busy.map(JSONValue.string))), ("freed_bytes", .int(report.freedBytes)),
                        ]).rendered())
                } else {
                    print(
                        "removed \(report.removedRefs.count) ids, \(report.removedBlobs.count) blobs, \(report.removedPartials.count) partial downloads; freed \(report.freedBytes) bytes"
                            + (report.busy.isEmpty ? "" : "; \(report.busy.count) downloads in progress left alone"))
                }
            }
        }
    }
}
