import Yams

/// Upstream's rules, reconstructed from its verdicts on the 2,915 corpus files
/// (`../shared/corpus/hub-assets-upstream-outcomes.json`):
/// 1. every line starting with `---` toggles the header; there must be exactly two (`TypeError`);
/// 2. the header lines must be YAML (PyYAML's `ScannerError`/`ParserError`, worded PyYAML's way);
/// 3. an empty header fails (`TypeError`);
/// 4. when the header is a mapping with a non-empty `train-dataset`, the value is split on `_` and every
///    part must be a known dataset name, compared case-sensitively (`ValueError`).
/// Nothing else is checked: a header that is a plain string (the `_cn.md` files, written with full-width
/// colons) passes.
extension AssetValidator {
    struct CompatResult {
        var verdict: UpstreamVerdict
        var line: Int
        var ok: Bool { verdict.ok }
        var errorType: String? { verdict.errorType }
        var message: String? { verdict.message }
        var rule: String? { verdict.rule }
    }

    /// Dataset names upstream accepts as `_`-separated parts of `train-dataset`: every part of every
    /// `train-dataset` that upstream accepted on the corpus.
    public static let upstreamDatasetNames: Set<String> = [
        "300wlp", "aclimdbv1", "addingproblem", "ADE20K", "ade20k", "agnews", "amazonbeauty", "apdrawingdb",
        "apple2orange", "asinglenatureimage", "augmentedpascal", "avadataset", "baidu", "bdqa", "brast2017", "brcd",
        "bsd300", "bsd500", "bsds500", "captcha", "casiawebface", "cbsd68", "celeba", "CelebA", "cellnuclei",
        "censusincome", "chnsenticorp", "cifar10", "citeseer", "citesser", "cityscapes", "cityspaces", "cluener",
        "cmcr", "cnnews128", "coco2014", "coco2014mini", "coco2017", "cococaption", "cocotextv2", "cola",
        "conll2000", "cora", "cornell", "criteo", "Criteo", "cub", "CUB", "cub2002011", "dbpedia",
        "DeepGlobeRoadExtractionDataset", "div2k", "DIV2K", "douban", "duconv", "dukemtmc", "dutstr", "dutstrain",
        "enwiki128", "facades", "fairface", "flyingchairs", "fsns", "FSNS", "gigaword", "gldv2",
        "googlelandmarksdatasetv2", "hmdb51", "horse2zebra", "hotpotqa", "hpa", "ICDAR2013", "icdar2013",
        "ICDAR2015", "icdar2015", "ICPR2018", "icpr2018", "IFLYTEK", "iflytek", "ilsvrc2013", "ILSVRC2015-VID",
        "ilsvrc2015vid", "ImageNet2012", "imagenet2012", "isbi", "isbichallenge", "iseg2017", "kinetics400",
        "kingscollege", "KITTI", "kitti", "kodak", "lfw", "librispeech", "linemod", "lits2017", "ljspeech",
        "LJSpeech-1.1", "ljspeech1.1", "losloop", "lsunbedrooms", "luna16", "maps", "market1501",
        "Matting Human Datasets", "MattingHumanDatasets", "mindlarge", "miniimagenet", "MJ-ST-IIIT", "mjstiiit",
        "mnist", "Mnist", "mnli", "modelnet40", "movielens", "moviereview", "movingmnist", "mpii", "MS1MV2", "ms1mv2",
        "msceleb1m", "mscoco", "msmt17", "msraner", "Multi30k", "Music-Tagging", "musictagging", "muti30k",
        "mvtecadbottle", "mvtecadcable", "mvtecadcapsule", "mvtecadcarpet", "mvtecadgrid", "mvtecadhazelnut",
        "mvtecadleather", "mvtecadmetalnut", "mvtecadpill", "mvtecadscrew", "mvtecadtile", "mvtecadtoothbrush",
        "mvtecadtransistor", "mvtecadwood", "mvtecadzipper", "ner", "newscrawl", "none", "nyu", "omniglot",
        "openweb", "outbrain", "Oxford-IIIT Pet", "pemsd7m", "permutedmnist", "polarity", "PROMISE 2012",
        "promise2012", "pubmed", "qnli", "rain100l", "Rain100L", "ReCoRD", "record", "redweb", "regdb", "reside",
        "rwmfd", "scutforu", "selfie2anime", "Set14", "set5", "shanghaitecha", "shapenet", "somethingsomethingv2",
        "sony", "sop", "speechcommandsdatasetversion1", "squad", "SQuAD1.1", "squad1.1", "squadv1.1", "SST-2",
        "sst2", "steam", "stmaryschurch", "subj", "synth", "sysumm01", "sztaxi", "TACoS", "tacos", "text8", "timit",
        "tnews", "TNEWS", "TotalText", "totaltext", "ubuntu", "ucf101", "UCF101", "udc", "vehiclenetdataset", "veir",
        "veri", "vid", "voc2012", "vot2013vot2014", "voxceleb", "water", "waterloo", "widerface", "wiki", "wmt",
        "wmt14", "wmtende", "wn18rr", "xnli", "yelp", "youtubeface",
    ]

    /// The start of upstream's dataset list as its `ValueError` prints it (the oracle keeps 300 characters
    /// of each message, so this much of the list is all any message shows).
    static let upstreamListHead: [String] = [
        "3datasets", "300W-LP", "300wlp", "AIC", "ADE20K", "ade20k", "AG", "agnews", "APDrawingDB", "apdrawingdb",
        "AVA_Dataset", "ava", "avadataset", "AclImdb_v1", "aclimdbv1", "Adding Problem", "addingproblem",
        "Amazon-Beauty", "amazonbeauty",
    ]

    /// Upstream's verdict on asset-file text; `file` is the path upstream was given (its messages quote it).
    public static func upstreamVerdict(text: String, file: String) -> UpstreamVerdict {
        compat(text: text, file: file).verdict
    }

    static func compat(text: String, file: String) -> CompatResult {
        // Python reads the file in text mode: "\r\n" arrives as "\n"; `line.startswith('---')` toggles.
        var header = ""
        var delimiters = 0
        var inHeader = false
        var headerFirstLine = 0
        var extraDelimiterLine = 0
        var lineNumber = 0
        var trainDatasetLines: [(line: Int, text: Substring)] = []
        for rawLine in AssetFile.lines(text) {
            lineNumber += 1
            if rawLine.hasPrefix("---") {
                inHeader.toggle()
                delimiters += 1
                if delimiters == 1 { headerFirstLine = lineNumber + 1 }
                if delimiters == 3 { extraDelimiterLine = lineNumber }
                continue
            }
            if inHeader {
                let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
                header += line
                header += "\n"
                if line.hasPrefix("train-dataset:") { trainDatasetLines.append((lineNumber, line)) }
            }
        }
        if lineNumber > 0, text.unicodeScalars.last == "\n", inHeader {
            // split() yields a last empty piece after a final newline; Python yields no such line.
            header.removeLast()
        }
        if delimiters != 2 {
            return CompatResult(
                verdict: UpstreamVerdict(
                    ok: false, errorType: "TypeError", message: "MarkDown file: \(file) should have two '---'.",
                    rule: "upstream.two-delimiters"),
                line: extraDelimiterLine)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: AssetFile.pyYAMLCompatible(header), .basic)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping = error {
                // PyYAML keeps the last of duplicated keys; judge the last top-level train-dataset line.
                guard let last = trainDatasetLines.last else { return CompatResult(verdict: .accepted, line: 0) }
                let value = last.text.dropFirst("train-dataset:".count).trimmingCharacters(in: .whitespaces)
                return checkTrainDataset(value, file: file, line: last.line)
            }
            return yamlFailure(error, header: header, headerFirstLine: headerFirstLine)
        } catch {
            return CompatResult(
                verdict: UpstreamVerdict(ok: false, errorType: "YAMLError", message: "\(error)", rule: "upstream.yaml"),
                line: headerFirstLine)
        }
        guard let root, isTruthy(root) else {
            return CompatResult(
                verdict: UpstreamVerdict(
                    ok: false, errorType: "TypeError", message: "Failed to parse a valid yaml header",
                    rule: "upstream.empty-header"),
                line: headerFirstLine)
        }
        guard case .mapping(let mapping) = root else { return CompatResult(verdict: .accepted, line: 0) }
        var trainDataset: Node?
        for (key, value) in mapping where key.scalar?.string == "train-dataset" { trainDataset = value }
        guard let trainDataset, case .scalar(let scalar) = trainDataset, isTruthy(trainDataset) else {
            return CompatResult(verdict: .accepted, line: 0)
        }
        return checkTrainDataset(
            scalar.string, file: file, line: (scalar.mark?.line ?? 1) + headerFirstLine - 1)
    }

    static func checkTrainDataset(_ value: String, file: String, line: Int) -> CompatResult {
        for part in value.split(separator: "_", omittingEmptySubsequences: false)
        where !upstreamDatasetNames.contains(String(part)) {
            let list = upstreamListHead.map { "'\($0)'" }.joined(separator: ", ")
            return CompatResult(
                verdict: UpstreamVerdict(
                    ok: false, errorType: "ValueError",
                    message: "train_dataset ``\(value)`` is not valid in \(file). Choose from [\(list), ...]",
                    rule: "upstream.train-dataset"),
                line: line)
        }
        return CompatResult(verdict: .accepted, line: 0)
    }

    /// Python truthiness of what PyYAML (YAML 1.1) would construct from `node`.
    static func isTruthy(_ node: Node) -> Bool {
        switch node {
        case .scalar(let scalar):
            let text = scalar.string
            if scalar.style != .plain { return !text.isEmpty }
            switch text {
            case "", "~", "null", "Null", "NULL", "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N":
                return false
            default:
                if let number = Double(text), number == 0 { return false }
                return true
            }
        case .sequence(let sequence): return !sequence.isEmpty
        case .mapping(let mapping): return !mapping.isEmpty
        case .alias: return true
        }
    }

    /// PyYAML's wording of a YAML error: type name, problem, `in "<unicode string>", line L, column C:`,
    /// and a snippet with a caret.
    static func yamlFailure(_ error: YamlError, header: String, headerFirstLine: Int) -> CompatResult {
        let kind: String
        let context: YamlError.Context?
        let problem: String
        let mark: Mark
        switch error {
        case .scanner(let c, let p, let m, _): (kind, context, problem, mark) = ("ScannerError", c, p, m)
        case .parser(let c, let p, let m, _): (kind, context, problem, mark) = ("ParserError", c, p, m)
        case .composer(let c, let p, let m, _): (kind, context, problem, mark) = ("ComposerError", c, p, m)
        default:
            return CompatResult(
                verdict: UpstreamVerdict(ok: false, errorType: "ReaderError", message: "\(error)", rule: "upstream.yaml"),
                line: headerFirstLine)
        }
        var parts: [String] = []
        if let context {
            parts.append(pyYAMLProblem(context.text))
            parts.append(pyYAMLMark(context.mark, in: header))
        }
        parts.append(pyYAMLProblem(problem))
        parts.append(pyYAMLMark(mark, in: header))
        return CompatResult(
            verdict: UpstreamVerdict(ok: false, errorType: kind, message: parts.joined(separator: "\n"), rule: "upstream.yaml"),
            line: mark.line + headerFirstLine - 1)
    }

    /// libyaml and PyYAML word some problems differently.
    static func pyYAMLProblem(_ problem: String) -> String {
        switch problem {
        case "mapping values are not allowed in this context": "mapping values are not allowed here"
        default: problem
        }
    }

    /// `  in "<unicode string>", line L, column C:` and the snippet PyYAML prints under it
    /// (4 spaces, the line cut to about 75 characters around the mark, a caret under the column).
    static func pyYAMLMark(_ mark: Mark, in text: String) -> String {
        let location = "  in \"<unicode string>\", line \(mark.line), column \(mark.column)"
        let lines = AssetFile.lines(text)
        guard mark.line >= 1, mark.line <= lines.count else { return location }
        let line = Array(lines[mark.line - 1].unicodeScalars)
        let pointer = min(max(mark.column - 1, 0), line.count)
        let maxLength = 75
        var head = ""
        var start = 0
        if pointer > maxLength / 2 - 1 {
            head = " ... "
            start = pointer - maxLength / 2 + 5
        }
        var tail = ""
        var end = line.count
        if end - pointer > maxLength / 2 - 1 {
            tail = " ... "
            end = pointer + maxLength / 2 - 5
        }
        var snippet = String.UnicodeScalarView()
        snippet.append(contentsOf: line[start..<max(start, end)])
        let caretIndent = 4 + pointer - start + head.count
        return location + ":\n" + "    " + head + String(snippet) + tail + "\n"
            + String(repeating: " ", count: caretIndent) + "^"
    }
}
