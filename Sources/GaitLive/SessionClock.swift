import GaitIngestion

/// One node's device clock onto the session clock, sample by sample: monotonic and continuous,
/// following `ClockMapper`'s estimate by slewing (as NTP does) rather than stepping.
///
/// Why slew: the mapper refits with every TIME_SYNC exchange, and its estimate moves by tens of
/// µs at a time. Stepping with it could put a sample before its predecessor at 1 kHz; slewing at
/// most `maximumSlewPpm` keeps times strictly increasing and steps between samples within
/// ±0.1 % of the device's, which the gap rule (1.5 periods) and the analysis never notice.
///
/// Times are rounded to whole microseconds (the protocol's resolution) so that what is written
/// to the CSV and what the analysis is fed are the same `Double`s, bit for bit.
public struct SessionClock: Sendable {
    /// Largest correction rate towards the mapper's estimate, parts per million of device time.
    /// 1000 ppm: a 1 ms revision is absorbed within one second.
    public static let maximumSlewPpm = 1000.0

    /// Host µs at session time zero (when START was sent), on the scaled host clock.
    public let sessionStartUs: Double
    /// Device seconds per host second (1 for a real node; X for a virtual node run with `--speed X`).
    public let deviceRate: Double
    /// The previous sample: its device time, its unrounded session time and the time given out.
    private var last: (deviceUs: UInt64, sessionUs: Double, givenUs: Double)?
    /// The last time given out before the link restarted: later samples must come after it.
    private var floorUs: Double?

    public init(sessionStartHostUs: UInt64, deviceRate: Double = 1) {
        self.deviceRate = deviceRate
        sessionStartUs = Double(sessionStartHostUs) * deviceRate
    }

    /// A TIME_SYNC exchange with the host's timestamps on the scaled clock the mapper works in.
    public static func exchange(_ reply: TimeSyncReply, hostReceiveUs: UInt64, deviceRate: Double) -> ClockMapper.Exchange {
        ClockMapper.Exchange(hostSendUs: Double(reply.hostSendUs) * deviceRate, deviceReceiveUs: Double(reply.deviceReceiveUs),
                             deviceSendUs: Double(reply.deviceSendUs), hostReceiveUs: Double(hostReceiveUs) * deviceRate)
    }

    /// The node's link was made again (its clock mapping is new, and its device clock may have
    /// restarted at zero): the next sample starts afresh from the new mapping, without slewing,
    /// but still only after the last time given out.
    public mutating func linkRestarted() {
        if let last { floorUs = max(floorUs ?? -.infinity, last.givenUs) }
        last = nil
    }

    /// Session time of a device time, s, rounded to the µs; nil while the mapper has no estimate,
    /// or when the device time does not come after the previous one's (a node that restarted):
    /// the caller counts such a sample as not recorded, never moves it.
    public mutating func sessionTimeS(deviceTimeUs: UInt64, mapper: ClockMapper) -> Double? {
        guard let mappedUs = mapper.hostTimeUs(deviceTimeUs: Double(deviceTimeUs)) else { return nil }
        let targetUs = mappedUs - sessionStartUs
        let sessionUs: Double
        if let last, deviceTimeUs > last.deviceUs {
            let stepUs = Double(deviceTimeUs - last.deviceUs)
            let driftRate = 1 / (1 + (mapper.estimate?.driftPpm ?? 0) * 1e-6)
            let predictedUs = last.sessionUs + stepUs * driftRate
            let allowedUs = stepUs * Self.maximumSlewPpm * 1e-6
            sessionUs = predictedUs + min(max(targetUs - predictedUs, -allowedUs), allowedUs)
        } else {
            sessionUs = targetUs
        }
        let givenUs = sessionUs.rounded()
        if let last, givenUs <= last.givenUs { return nil }
        if let floorUs, givenUs <= floorUs { return nil }
        last = (deviceTimeUs, sessionUs, givenUs)
        return givenUs / 1e6
    }
}
