// NonMaxSuppression: per batch and class, greedily keeps the highest-scoring boxes (ties to
// the lower index) whose IoU with every box already kept is at most iou_threshold, up to
// max_output_boxes_per_class; boxes scoring at or below score_threshold (when given) are
// dropped first. Boxes are corner pairs [y1, x1, y2, x2] (either diagonal) or, with
// center_point_box, [x_center, y_center, width, height]. Output rows: (batch, class, box).

extension Kernels {
    static let nonMaxSuppression: Kernel = { call throws(InterpreterError) in
        let boxes = try call.tensor(0), scores = try call.tensor(1)
        let vb = try NN.floats(call, boxes, "boxes"), vs = try NN.floats(call, scores, "scores")
        guard boxes.rank == 3, boxes.shape[2] == 4, scores.rank == 3, scores.shape[0] == boxes.shape[0],
            scores.shape[2] == boxes.shape[1]
        else { throw call.error(.invalidInput, "boxes \(boxes.shape) and scores \(scores.shape) do not fit") }
        let centre = try call.int("center_point_box", default: 0)
        guard centre == 0 || centre == 1 else { throw call.error(.invalidAttribute, "center_point_box must be 0 or 1") }
        func scalar(_ i: Int) throws(InterpreterError) -> Double? {
            guard let t = try call.optionalTensor(i), t.count > 0 else { return nil }
            guard t.count == 1, let v = t.doubles()?.first else { throw call.error(.invalidInput, "input \(i) must be a scalar") }
            return v
        }
        var maxOutput = 0
        if let t = try call.optionalTensor(2), t.count > 0 {
            guard t.count == 1, let v = t.int64s()?.first else { throw call.error(.invalidInput, "max_output_boxes_per_class must be a scalar") }
            maxOutput = Int(clamping: max(v, 0))
        }
        let iouThreshold = try scalar(3) ?? 0
        let scoreThreshold = try scalar(4)
        let batches = boxes.shape[0], classes = scores.shape[1], count = boxes.shape[1]
        /// (xmin, ymin, xmax, ymax) of box `i` of batch `b`.
        func corners(_ b: Int, _ i: Int) -> (Double, Double, Double, Double) {
            let o = (b * count + i) * 4
            if centre == 1 {
                let xc = vb[o], yc = vb[o + 1], w = vb[o + 2], h = vb[o + 3]
                return (xc - w / 2, yc - h / 2, xc + w / 2, yc + h / 2)
            }
            return (min(vb[o + 1], vb[o + 3]), min(vb[o], vb[o + 2]), max(vb[o + 1], vb[o + 3]), max(vb[o], vb[o + 2]))
        }
        func suppresses(_ b: Int, _ i: Int, _ j: Int) -> Bool {
            let (ax0, ay0, ax1, ay1) = corners(b, i), (bx0, by0, bx1, by1) = corners(b, j)
            let ix = min(ax1, bx1) - max(ax0, bx0), iy = min(ay1, by1) - max(ay0, by0)
            guard ix > 0, iy > 0 else { return false }
            let inter = ix * iy
            let areaA = (ax1 - ax0) * (ay1 - ay0), areaB = (bx1 - bx0) * (by1 - by0)
            let union = areaA + areaB - inter
            guard areaA > 0, areaB > 0, union > 0 else { return false }
            return inter / union > iouThreshold
        }
        var selected: [Int64] = []
        for b in 0..<batches {
            for c in 0..<classes {
                let so = (b * classes + c) * count
                var candidates = (0..<count).filter { scoreThreshold == nil || vs[so + $0] > scoreThreshold! }
                // NaN scores rank lowest so that the order stays total.
                func key(_ i: Int) -> Double { vs[so + i].isNaN ? -.infinity : vs[so + i] }
                candidates.sort { key($0) > key($1) || (key($0) == key($1) && $0 < $1) }
                var kept: [Int] = []
                for i in candidates {
                    if kept.count >= maxOutput { break }
                    if kept.contains(where: { suppresses(b, i, $0) }) { continue }
                    kept.append(i)
                    selected += [Int64(b), Int64(c), Int64(i)]
                }
            }
        }
        return [.tensor(NDArray(selected, shape: [selected.count / 3, 3]))]
    }
}
