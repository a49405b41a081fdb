import Foundation

/// The hash an asset file declares for an asset: the full SHA-256, or (in some upstream files) only a
/// hex prefix of it, which is a weaker check and is always reported as such.
public enum DeclaredHash: Sendable, Equatable, CustomStringConvertible {
    /// 64 lowercase hex digits.
    case full(String)
    /// 8 to 63 lowercase hex digits: the start of the SHA-256.
    case prefix(String)

    /// Reads `asset-sha256` as written; nil when it is not 8 to 64 hex digits.
    public init?(_ text: String) {
        let lowered = text.lowercased()
        guard (8...64).contains(lowered.utf8.count), lowered.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { return nil }
        self = lowered.utf8.count == 64 ? .full(lowered) : .prefix(lowered)
    }

    /// The hex digits declared.
    public var hex: String {
        switch self {
        case .full(let hex), .prefix(let hex): hex
        }
    }

    /// True when `sha256` (64 lowercase hex digits) is what was declared.
    public func matches(_ sha256: String) -> Bool {
        switch self {
        case .full(let hex): sha256 == hex
        case .prefix(let hex): sha256.hasPrefix(hex)
        }
    }

    /// How strong the check is: `full` or `prefix (32 bits)`.
    public var strength: String {
        switch self {
        case .full: "full"
        case .prefix(let hex): "prefix (\(hex.utf8.count * 4) bits)"
        }
    }

    public var description: String { hex }
}

/// A model hub: a local folder or an HTTP(S) base URL laid out like the upstream asset tree,
/// `assets/<publisher>/<version>/<name>.md` (the older `<publisher>/<backend>/<version>/` layout too).
///
/// A model's id is the asset file's path below `assets/` without `.md`: `mindspore/1.6/googlenet_cifar10`.
///
/// **Folder hubs and asset links.** An asset file's `asset-link` names where the model file is
/// published (an http(s) URL). In a folder hub the file itself is looked for at
/// `<hub>/files/<last path component of the link>`; a link that is not a URL is a path relative to the
/// hub folder. When neither is there, the link is downloaded like any other (unless offline).
/// HTTP hubs always download the link. `hub list` on an HTTP hub reads `<base>/index.txt`, one id per
/// line (what `mshub hub list DIR` prints for a folder).
public struct Registry: Sendable, Equatable, CustomStringConvertible {
    /// Where the hub is.
    public enum Location: Sendable, Equatable {
        /// A folder; `tree` is the folder holding `<publisher>/...` (`<root>/assets` when it exists, else the root).
        case folder(root: String, tree: String)
        /// An http(s) base URL without a trailing slash.
        case http(base: String)
    }

    /// Where the hub is.
    public let location: Location

    /// The hub as the user wrote it (for messages and cache refs).
    public let spec: String

    /// A hub from `--hub`: an http(s) URL, or an existing folder.
    public init(_ spec: String) throws(HubError) {
        self.spec = spec
        if spec.hasPrefix("http://") || spec.hasPrefix("https://") {
            guard URLComponents(string: spec)?.host?.isEmpty == false else {
                throw HubError(.badHub, spec, "not a valid http(s) URL")
            }
            var base = spec
            while base.hasSuffix("/") { base.removeLast() }
            location = .http(base: base)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HubError(.badHub, spec, "no such folder (a hub is a folder or an http(s) URL)")
        }
        var root = spec
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        let assets = root + "/assets"
        let hasAssets = FileManager.default.fileExists(atPath: assets, isDirectory: &isDirectory) && isDirectory.boolValue
        location = .folder(root: root, tree: hasAssets ? assets : root)
    }

    public var description: String { spec }

    /// The parts of `id`, checked: at least `publisher/version/name`, no empty, `.` or `..` parts, no
    /// backslashes or control characters (an id becomes a path and a URL).
    public static func idParts(_ id: String) throws(HubError) -> [String] {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { throw HubError(.badID, id, "an id is publisher/version/name") }
        for part in parts {
            if part.isEmpty || part == "." || part == ".." {
                throw HubError(.badID, id, "empty, `.` or `..` part in the id")
            }
            if part.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }) {
                throw HubError(.badID, id, "backslash or control character in the id")
            }
        }
        if id.hasSuffix(".md") { throw HubError(.badID, id, "an id has no `.md` (use \(id.dropLast(3)))") }
        return parts
    }

    /// Where the asset file for `id` is: a path for a folder hub, a URL for an HTTP hub.
    public func assetFileLocation(id: String) throws(HubError) -> String {
        let parts = try Self.idParts(id)
        switch location {
        case .folder(_, let tree):
            return tree + "/" + parts.joined(separator: "/") + ".md"
        case .http(let base):
            let encoded = parts.map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? $0 }
            return base + "/assets/" + encoded.joined(separator: "/") + ".md"
        }
    }

    /// The ids of a folder hub, sorted (README files left out, as the validator does).
    public func folderIDs() throws(HubError) -> [String] {
        guard case .folder(_, let tree) = location else {
            throw HubError(.badHub, spec, "not a folder hub")
        }
        return AssetValidator.markdownFiles(under: tree).map { String($0.dropLast(3)) }.filter { (try? Self.idParts($0)) != nil }
    }

    /// A folder hub's local copy of the file behind `link` (see the type's note), or nil when there is none.
    /// Never a path outside the hub folder by way of the link text (`..`, absolute paths).
    public func localFile(forLink link: String) -> String? {
        guard case .folder(let root, _) = location else { return nil }
        let url = AssetFile.stripAngleBrackets(link)
        let candidate: String
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            guard let components = URLComponents(string: url), let name = components.path.split(separator: "/").last else { return nil }
            let decoded = String(name).removingPercentEncoding ?? String(name)
            guard decoded != ".", decoded != "..", !decoded.contains("/"), !decoded.unicodeScalars.contains(where: { $0.value < 0x20 })
            else { return nil }
            candidate = root + "/files/" + decoded
        } else {
            let parts = url.split(separator: "/", omittingEmptySubsequences: false)
            guard !url.hasPrefix("/"), !url.contains(":"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
                return nil
            }
            candidate = root + "/" + url
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return candidate
    }
}
