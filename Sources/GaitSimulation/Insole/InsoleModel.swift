import Foundation
import GaitCore

/// A pressure insole: force-sensing cells in the insole frame (x heel→toe, y to the subject's
/// left, millimetres) and the pressures they read under a vertical ground reaction force whose
/// centre of pressure rolls from heel (or forefoot) to toe.
public struct InsoleModel: Sendable {
    public struct Cell: Sendable, Equatable {
        public var xMm: Double
        public var yMm: Double
        public var areaMm2: Double
    }

    public let side: Side
    public let cells: [Cell]
    /// What each cell reads unloaded, kPa: the per-cell baseline that the analysis subtracts.
    public let baselineKPa: [Double]
    let lengthMm: Double
    let widthMm: Double
    static let noiseKPa = 0.3
    static let resolutionKPa = 0.1
    static let fullScaleKPa = 1200.0

    init(side: Side, options: SimulationOptions, dimensions: BodyDimensions) {
        self.side = side
        lengthMm = dimensions.footLengthM * 1000
        widthMm = dimensions.footWidthM * 1000 * 1.1
        cells = Self.layout(count: options.insoleCellCount, lengthMm: lengthMm, widthMm: widthMm, side: side)
        var random = SeededGenerator(seed: options.seed, stream: "insole-baseline-\(side.rawValue)")
        baselineKPa = cells.map { _ in random.uniform(0.5...3) }
    }

    /// Relative width of the insole along its length (heel, arch, forefoot, toes).
    static func widthFraction(atLengthFraction f: Double) -> Double { widthProfile.value(at: f) }
    private static let widthProfile = SmoothKeyframeTrack(keyframes: [(0.05, 0.62), (0.4, 0.55), (0.7, 1.0), (0.95, 0.7)])

    /// Cells in rows across the insole, the number per row in proportion to its width; together
    /// they cover about 60 % of the sole, like commercial sparse-sensor insoles.
    static func layout(count: Int, lengthMm: Double, widthMm: Double, side: Side) -> [Cell] {
        let rows = max(2, Int((Double(count) / 2.2).rounded()))
        let rowFractions = (0..<rows).map { 0.08 + 0.84 * Double($0) / Double(rows - 1) }
        let widths = rowFractions.map { widthFraction(atLengthFraction: $0) }
        let total = widths.reduce(0, +)
        var perRow = widths.map { max(1, Int((Double(count) * $0 / total).rounded(.down))) }
        var index = 0
        while perRow.reduce(0, +) < count {           // hand out the remainder, widest rows first
            let order = widths.indices.sorted { widths[$0] > widths[$1] }
            perRow[order[index % rows]] += 1
            index += 1
        }
        while perRow.reduce(0, +) > count, let widest = perRow.indices.max(by: { perRow[$0] < perRow[$1] }) {
            perRow[widest] -= 1
        }
        let soleAreaMm2 = lengthMm * widthMm * 0.75
        let areaMm2 = (0.6 * soleAreaMm2 / Double(count)).rounded()
        var cells: [Cell] = []
        for (row, fraction) in rowFractions.enumerated() {
            let rowWidthMm = widthMm * widths[row]
            for column in 0..<perRow[row] {
                let across = perRow[row] == 1 ? 0 : (Double(column) / Double(perRow[row] - 1) - 0.5) * 0.7 * rowWidthMm
                // Columns run from medial to lateral; lateral is +y on the left insole, −y on the right.
                cells.append(Cell(xMm: (fraction * lengthMm).rounded(), yMm: (side.sign * across).rounded(), areaMm2: areaMm2))
            }
        }
        return cells
    }

    /// Vertical ground reaction force during a stance, newtons, at `fraction` (0…1) of it.
    /// Running: an impact peak about 25 ms after contact for heel strikers (smaller for midfoot,
    /// absent for forefoot) on an active peak of about 2.5 body weights at mid-stance
    /// (Cavanagh PR, Lafortune MA (1980) J Biomech 13:397–406, doi:10.1016/0021-9290(80)90033-0).
    /// Walking: the double hump of about 1.1 body weights.
    static func verticalForceN(fraction: Double, stanceS: Double, options: SimulationOptions) -> Double {
        guard fraction > 0 && fraction < 1 else { return 0 }
        let bodyWeightN = options.massKg * standardGravityMps2
        let afterContactS = fraction * stanceS
        if options.activity == .walk {
            return bodyWeightN * (1.0 * sin(.pi * fraction) + 0.15 * sin(3 * .pi * fraction))
        }
        let activePeak = 2.0 + 0.17 * options.resolvedSpeedMps
        let impactPeak: Double = switch options.strike {
        case .heel: 0.6
        case .midfoot: 0.3
        case .forefoot: 0
        }
        let impactS = 0.025
        let impact = afterContactS < 2 * impactS ? pow(sin(.pi * afterContactS / (2 * impactS)), 2) : 0
        return bodyWeightN * (activePeak * sin(.pi * fraction) + impactPeak * impact)
    }

    /// Centre of pressure in the insole frame at `fraction` of stance, millimetres.
    func centreOfPressureMm(fraction: Double, strike: SimulationOptions.StrikePattern) -> (x: Double, y: Double) {
        let x = Self.progression[strike]!.value(at: fraction)
        let lateral = Self.lateralShift.value(at: fraction)
        return (x * lengthMm, side.sign * lateral * widthMm)
    }

    /// Centre of pressure along the insole (fraction of its length) over stance, per strike.
    private static let progression: [SimulationOptions.StrikePattern: SmoothKeyframeTrack] = [
        .heel: SmoothKeyframeTrack(keyframes: [(0, 0.12), (0.6, 0.72), (1, 0.88)]),
        .midfoot: SmoothKeyframeTrack(keyframes: [(0, 0.45), (0.6, 0.72), (1, 0.88)]),
        .forefoot: SmoothKeyframeTrack(keyframes: [(0, 0.68), (0.6, 0.74), (1, 0.88)]),
    ]
    /// From the lateral heel to under the first toe (fraction of width; lateral is +y on the left).
    private static let lateralShift = SmoothKeyframeTrack(keyframes: [(0, 0.1), (0.5, 0.05), (1, -0.15)])

    /// Centre of pressure in quiet standing, millimetres: about 45 % of the way from the heel.
    var standingCentreOfPressureMm: (x: Double, y: Double) { (0.45 * lengthMm, 0) }

    /// Ideal cell pressures above baseline, kPa, for a force spread around the centre of pressure.
    /// Σ pressureᵢ × areaᵢ equals the force (1 kPa on 1 mm² is 1 mN).
    func loadPressuresKPa(forceN: Double, centreMm: (x: Double, y: Double)) -> [Double] {
        guard forceN > 0 else { return Array(repeating: 0, count: cells.count) }
        let sigmaXMm = 0.16 * lengthMm, sigmaYMm = 0.4 * widthMm
        let weights = cells.map { cell -> Double in
            let dx = (cell.xMm - centreMm.x) / sigmaXMm, dy = (cell.yMm - centreMm.y) / sigmaYMm
            return exp(-0.5 * (dx * dx + dy * dy))
        }
        let weightedAreaMm2 = zip(weights, cells).reduce(0) { $0 + $1.0 * $1.1.areaMm2 }
        return weights.map { forceN * 1000 * $0 / weightedAreaMm2 }
    }
}
