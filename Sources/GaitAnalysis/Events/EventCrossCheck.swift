import Foundation
import GaitCore

/// One foot's events from its IMU set against the same foot's insole events (the reference of
/// conventions.md), stance by stance, for the report: how many agree, and by how much.
struct EventCrossCheck: Sendable {
    /// An IMU contact this close to an insole contact is the same footstrike, seconds.
    static let matchWindowS = 0.1
    private var recentImuStances: [StancePhase] = []
    private(set) var contactDifferencesS: [Double] = []
    private(set) var toeOffDifferencesS: [Double] = []
    private(set) var unmatchedInsoleStances = 0

    mutating func addImuStances(_ stances: [StancePhase]) {
        recentImuStances += stances
    }

    /// Compares an insole stance with the IMU stance nearest to it.
    mutating func compare(insoleStance: StancePhase) {
        guard let nearest = recentImuStances.min(by: { abs($0.initialContactS - insoleStance.initialContactS) < abs($1.initialContactS - insoleStance.initialContactS) }),
              abs(nearest.initialContactS - insoleStance.initialContactS) <= Self.matchWindowS else {
            forget(before: insoleStance.initialContactS - 1)
            unmatchedInsoleStances += 1
            return
        }
        forget(before: insoleStance.initialContactS - 1)
        contactDifferencesS.append(nearest.initialContactS - insoleStance.initialContactS)
        toeOffDifferencesS.append(nearest.toeOffS - insoleStance.toeOffS)
    }

    /// Insole stances come in time order: IMU stances long before the last one are done with.
    private mutating func forget(before t: Double) {
        if let keep = recentImuStances.firstIndex(where: { $0.initialContactS >= t }), keep > 0 { recentImuStances.removeFirst(keep) }
    }

    /// The disagreement in words, or nil if nothing was compared.
    func summary(side: Side, insoleID: String) -> AnalysisWarning? {
        guard !contactDifferencesS.isEmpty || unmatchedInsoleStances > 0 else { return nil }
        func median(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.sorted()[values.count / 2] }
        func spread(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? .nan : sorted[(3 * sorted.count) / 4] - sorted[sorted.count / 4]
        }
        let message = String(
            format: "%@ foot IMU events against %@: %d stances matched, %d without an IMU match; IMU − insole median %+.1f ms at contact (IQR %.1f ms), %+.1f ms at toe-off (IQR %.1f ms), IMU clock as recorded",
            side.rawValue as NSString, insoleID as NSString, contactDifferencesS.count, unmatchedInsoleStances,
            1000 * median(contactDifferencesS), 1000 * spread(contactDifferencesS),
            1000 * median(toeOffDifferencesS), 1000 * spread(toeOffDifferencesS))
        return AnalysisWarning(code: "event-cross-check", sensor: nil, start: nil, end: nil, message: message)
    }
}
