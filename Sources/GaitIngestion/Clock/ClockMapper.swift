/// Maps one node's device clock onto the host's (session) clock: offset and drift, estimated
/// from TIME_SYNC exchanges (PROTOCOL.md section 8.1) and robust to one-sided latency jitter.
///
/// Method. Each exchange gives the NTP offset θ = ((t2 − t1) + (t3 − t4)) / 2 and round trip
/// δ = (t4 − t1) − (t3 − t2). Queueing delay only ever adds to a path, so θ is off by at most
/// δ/2 and exchanges with the smallest δ are the most accurate: Cristian's probabilistic clock
/// synchronisation (Cristian 1989, Distributed Computing 3:146–158) and NTP's clock filter,
/// which keeps the minimum-delay sample of its recent ones (Mills, RFC 5905 section 10). Here,
/// per bin of `binDurationUs` of host time, only the minimum-δ exchange is kept; over a
/// sliding window of bins, θ(h) = a + b·(h − r) is fitted by weighted least squares (weights
/// fall with each bin's excess delay over the window's best) and refitted once without bins
/// whose residual is beyond 3 weighted RMS. b is the drift (device seconds gained per host
/// second), a the offset at the reference time r. Memory is bounded by the window.
public struct ClockMapper: Sendable {
    public struct Settings: Sendable {
        /// Host time per bin, µs; one exchange (the minimum-delay one) is kept per bin. Default 1 s.
        public var binDurationUs: Double = 1_000_000
        /// Span of bins the fit uses, µs. Default 120 s: long enough for drift, short enough to follow
        /// temperature changes of a crystal (tens of ppm over minutes).
        public var windowDurationUs: Double = 120_000_000
        /// Delay floor of the weights, µs: excess delays below it count as equally good. Default 50 µs.
        public var delayFloorUs: Double = 50
        /// Exchanges needed before `isReady`. Default 8 (under a second at the recommended ping rate).
        public var minimumExchanges = 8
        /// Prior standard deviation of the drift, ppm: crystals stay within ±200 ppm (conventions.md,
        /// "Clocks"). Keeps the first seconds' drift, fitted over a short span, from running away.
        public var driftPriorPpm = 200.0

        public init() {}
    }

    /// One ping and its reply, all in µs; t1 and t4 on the host clock, t2 and t3 on the device's.
    public struct Exchange: Sendable, Equatable {
        public var hostSendUs: Double
        public var deviceReceiveUs: Double
        public var deviceSendUs: Double
        public var hostReceiveUs: Double

        public init(hostSendUs: Double, deviceReceiveUs: Double, deviceSendUs: Double, hostReceiveUs: Double) {
            self.hostSendUs = hostSendUs
            self.deviceReceiveUs = deviceReceiveUs
            self.deviceSendUs = deviceSendUs
            self.hostReceiveUs = hostReceiveUs
        }

        public init(reply: TimeSyncReply, hostReceiveUs: UInt64) {
            self.init(hostSendUs: Double(reply.hostSendUs), deviceReceiveUs: Double(reply.deviceReceiveUs),
                      deviceSendUs: Double(reply.deviceSendUs), hostReceiveUs: Double(hostReceiveUs))
        }

        /// θ: device clock minus host clock, µs.
        public var offsetUs: Double { ((deviceReceiveUs - hostSendUs) + (deviceSendUs - hostReceiveUs)) / 2 }
        /// δ: time on the wire both ways, µs.
        public var roundTripUs: Double { (hostReceiveUs - hostSendUs) - (deviceSendUs - deviceReceiveUs) }
        /// Host time the offset belongs to, µs.
        public var hostMidpointUs: Double { (hostSendUs + hostReceiveUs) / 2 }
    }

    /// The current fit: θ(h) = offsetUs + driftPpm·10⁻⁶·(h − referenceHostUs).
    public struct Estimate: Sendable, Equatable {
        public var referenceHostUs: Double
        public var offsetUs: Double
        public var driftPpm: Double
        /// Half the smallest round trip in the window, µs: the bound on the best exchange's error.
        public var bestHalfRoundTripUs: Double
        /// Bins (minimum-delay exchanges) the fit used, after outliers were removed.
        public var binsUsed: Int
    }

    public let settings: Settings
    /// Ping interval a recorder should keep, µs: 10 Hz. A ping and its reply are 32 + 40 bytes,
    /// nothing next to a sensor's stream, and ten exchanges per bin make the minimum-delay one good.
    public static let recommendedPingIntervalUs: UInt64 = 100_000
    /// Minimum-delay exchange per bin, oldest first.
    private var bins: [(index: Int64, exchange: Exchange)] = []
    public private(set) var exchangesSeen = 0
    public private(set) var estimate: Estimate?

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// True once enough exchanges were seen for the mapping to be trusted.
    public var isReady: Bool { estimate != nil && exchangesSeen >= settings.minimumExchanges }

    /// Adds one exchange and refits. Exchanges with a negative round trip (impossible unless a
    /// clock jumped) are refused and return false.
    @discardableResult
    public mutating func add(_ exchange: Exchange) -> Bool {
        guard exchange.roundTripUs >= 0, exchange.roundTripUs.isFinite, exchange.offsetUs.isFinite else { return false }
        exchangesSeen += 1
        let binIndex = Int64((exchange.hostMidpointUs / settings.binDurationUs).rounded(.down))
        if let last = bins.last, last.index == binIndex {
            if exchange.roundTripUs < last.exchange.roundTripUs { bins[bins.count - 1].exchange = exchange }
        } else if let last = bins.last, binIndex < last.index {
            // Out of order (late reply): only ever improves its own bin.
            if let position = bins.firstIndex(where: { $0.index == binIndex }),
               exchange.roundTripUs < bins[position].exchange.roundTripUs {
                bins[position].exchange = exchange
            }
        } else {
            bins.append((binIndex, exchange))
        }
        let oldestKept = Int64(((exchange.hostMidpointUs - settings.windowDurationUs) / settings.binDurationUs).rounded(.down))
        if let drop = bins.firstIndex(where: { $0.index >= oldestKept }), drop > 0 { bins.removeFirst(drop) }
        estimate = fit()
        return true
    }

    /// Host time of a device time, µs, by the current fit; nil before the first exchange.
    public func hostTimeUs(deviceTimeUs: Double) -> Double? {
        guard let estimate else { return nil }
        // d = h + a + b(h − r)  ⇒  h = (d − a + b·r) / (1 + b)
        let drift = estimate.driftPpm * 1e-6
        return (deviceTimeUs - estimate.offsetUs + drift * estimate.referenceHostUs) / (1 + drift)
    }

    /// Session time of a device time, s: the session clock is the host clock counted from
    /// `sessionStartHostUs` (conventions.md, "Units": time in seconds on the session clock).
    public func sessionTimeS(deviceTimeUs: UInt64, sessionStartHostUs: UInt64) -> Double? {
        hostTimeUs(deviceTimeUs: Double(deviceTimeUs)).map { ($0 - Double(sessionStartHostUs)) / 1e6 }
    }

    private func fit() -> Estimate? {
        guard !bins.isEmpty else { return nil }
        let points = bins.map(\.exchange)
        let bestRoundTrip = points.map(\.roundTripUs).min()!
        let reference = points.last!.hostMidpointUs
        let weights = points.map { exchange -> Double in
            let scale = max(exchange.roundTripUs - bestRoundTrip, 0) + settings.delayFloorUs
            return 1 / (scale * scale)
        }
        var included = [Bool](repeating: true, count: points.count)
        let prior = 1 / (settings.driftPriorPpm * 1e-6 * settings.driftPriorPpm * 1e-6)
        var line = Self.weightedLine(points, weights, included, reference, slopePrior: prior)
        // One refit without outliers: bins whose best exchange was still badly delayed.
        var sumSquares = 0.0, sumWeights = 0.0
        for (index, point) in points.enumerated() {
            let residual = point.offsetUs - (line.offset + line.slope * (point.hostMidpointUs - reference))
            sumSquares += weights[index] * residual * residual
            sumWeights += weights[index]
        }
        let rms = (sumSquares / sumWeights).squareRoot()
        let limit = max(3 * rms, settings.delayFloorUs)
        for (index, point) in points.enumerated() {
            let residual = point.offsetUs - (line.offset + line.slope * (point.hostMidpointUs - reference))
            if abs(residual) > limit { included[index] = false }
        }
        if included.contains(false) && included.filter({ $0 }).count >= 2 {
            line = Self.weightedLine(points, weights, included, reference, slopePrior: prior)
        }
        return Estimate(referenceHostUs: reference, offsetUs: line.offset, driftPpm: line.slope * 1e6,
                        bestHalfRoundTripUs: bestRoundTrip / 2, binsUsed: included.filter { $0 }.count)
    }

    /// Weighted least-squares line θ = offset + slope·(h − reference), with a zero-mean prior on
    /// the slope (ridge: `slopePrior` = 1/σ², σ dimensionless) so a short span cannot give a wild drift.
    private static func weightedLine(_ points: [Exchange], _ weights: [Double], _ included: [Bool],
                                     _ reference: Double, slopePrior: Double) -> (offset: Double, slope: Double) {
        var sw = 0.0, sx = 0.0, sy = 0.0
        for index in points.indices where included[index] {
            sw += weights[index]
            sx += weights[index] * (points[index].hostMidpointUs - reference)
            sy += weights[index] * points[index].offsetUs
        }
        let meanX = sx / sw, meanY = sy / sw
        var sxx = 0.0, sxy = 0.0
        for index in points.indices where included[index] {
            let dx = points[index].hostMidpointUs - reference - meanX
            sxx += weights[index] * dx * dx
            sxy += weights[index] * dx * (points[index].offsetUs - meanY)
        }
        let slope = sxy / (sxx + slopePrior)
        return (meanY - slope * meanX, slope)
    }
}
