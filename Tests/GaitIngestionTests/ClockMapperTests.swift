import Foundation
import Testing
@testable import GaitIngestion

/// Clock mapping against a simulated node whose offset and drift are known exactly.
@Suite("Clock mapping")
struct ClockMapperTests {
    /// One-way delay of a USB round trip leg, µs: a 125 µs base (symmetric), a wait for the next
    /// 1 ms USB frame (uniform, one-sided), and a heavy tail (Pareto, α = 1, scale 200 µs, on
    /// 30 % of legs: a busy host or hub), all capped at 5 ms of jitter.
    static func legDelayUs(_ generator: inout SplitMix64) -> Double {
        var jitter = Double.random(in: 0..<1000, using: &generator)
        if Double.random(in: 0..<1, using: &generator) < 0.3 {
            jitter += 200 / Double.random(in: 0.0001..<1, using: &generator) - 200
        }
        return 125 + min(jitter, 5000)
    }

    struct Run {
        var maxErrorUs = 0.0
        var sumSquares = 0.0
        var probes = 0
        var finalDriftPpm = 0.0
        var worstAtS = 0.0
    }

    /// 30 minutes of pings at the recommended rate (10 Hz) from 1 s on. After
    /// each reply, the mapping as it stands then is checked at host times up to the next reply
    /// (causal: what a live recorder would have written).
    static func simulate(offsetUs: Double, driftPpm: Double, seed: UInt64) -> Run {
        var generator = SplitMix64(seed: seed)
        var mapper = ClockMapper()
        func deviceUs(_ hostUs: Double) -> Double { (offsetUs + hostUs * (1 + driftPpm * 1e-6)).rounded(.down) }
        let sessionUs = 30 * 60 * 1e6
        let intervalUs = Double(ClockMapper.recommendedPingIntervalUs)
        let pingTimes = Array(stride(from: 1e6, to: sessionUs, by: intervalUs))
        var run = Run()
        for (k, t1) in pingTimes.enumerated() {
            let t2True = t1 + legDelayUs(&generator)
            let processingUs = Double.random(in: 10...900, using: &generator)  // the node's main loop
            let t3True = t2True + processingUs
            let t4 = t3True + legDelayUs(&generator)
            let exchange = ClockMapper.Exchange(hostSendUs: t1, deviceReceiveUs: deviceUs(t2True), deviceSendUs: deviceUs(t3True),
                                                hostReceiveUs: t4)
            let accepted = mapper.add(exchange)
            #expect(accepted)
            guard mapper.isReady else { continue }
            let until = k + 1 < pingTimes.count ? pingTimes[k + 1] + 5000 : t4 + intervalUs
            for probe in stride(from: t4, through: until, by: 50_000) {
                let mapped = mapper.hostTimeUs(deviceTimeUs: deviceUs(probe))!
                let error = abs(mapped - probe)
                if error > run.maxErrorUs { run.worstAtS = probe / 1e6 }
                run.maxErrorUs = max(run.maxErrorUs, error)
                run.sumSquares += error * error
                run.probes += 1
            }
        }
        run.finalDriftPpm = mapper.estimate!.driftPpm
        return run
    }

    @Test(arguments: [(5_000_000_000.0, 100.0, UInt64(1)), (-2_500_000.0, -100.0, UInt64(2)), (123_456_789.0, 37.5, UInt64(3)),
                      (0.0, 0.0, UInt64(4))])
    func thirtyMinutesWithinOneMillisecond(offsetUs: Double, driftPpm: Double, seed: UInt64) {
        let run = Self.simulate(offsetUs: offsetUs, driftPpm: driftPpm, seed: seed)
        #expect(run.probes > 35_000)
        #expect(run.maxErrorUs < 1000, "max error \(run.maxErrorUs) µs")
        #expect(abs(run.finalDriftPpm - driftPpm) < 2)
        print(String(format: "clock mapping, offset %.0f µs, drift %+.1f ppm, 30 min: max error %.0f µs, at %.1f s, RMS %.0f µs over %d probes; drift estimated %+.2f ppm",
                     offsetUs, driftPpm, run.maxErrorUs, run.worstAtS, (run.sumSquares / Double(run.probes)).squareRoot(), run.probes, run.finalDriftPpm))
    }

    @Test func noEstimateWithoutExchangesAndImpossibleExchangesRefused() {
        var mapper = ClockMapper()
        #expect(mapper.hostTimeUs(deviceTimeUs: 1) == nil && !mapper.isReady)
        // A reply that came back before it was sent (a clock jumped): refused.
        let refused = !mapper.add(ClockMapper.Exchange(hostSendUs: 100, deviceReceiveUs: 50, deviceSendUs: 60, hostReceiveUs: 90))
        #expect(refused)
        // NTP's formulas on one hand-computed exchange: θ = ((2050 − 1000) + (2060 − 1130)) / 2 = 990, δ = 130 − 10 = 120.
        let exchange = ClockMapper.Exchange(hostSendUs: 1000, deviceReceiveUs: 2050, deviceSendUs: 2060, hostReceiveUs: 1130)
        #expect(exchange.offsetUs == 990 && exchange.roundTripUs == 120)
        let accepted = mapper.add(exchange)
        #expect(accepted)
        #expect(mapper.hostTimeUs(deviceTimeUs: 5990) == 5000)
        // Session clock from host 1000 µs: device 5990 µs is host 5000 µs, 4 ms into the session.
        #expect(mapper.sessionTimeS(deviceTimeUs: 5990, sessionStartHostUs: 1000) == 0.004)
    }
}
