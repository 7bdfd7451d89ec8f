import Foundation
import GaitCore
import GaitIngestion
import GaitSessionFiles

/// One sensor node during a live session: its link, its decoder, its clock mapping, and where its
/// samples go. The link is read by a task of its own; samples leave through `sink` in order.
///
/// Phases: `connect` opens the port; `handshake` asks for the DESCRIPTOR (setting the placement
/// first when one was given) while TIME_SYNC pings run at 10 Hz until the clock mapping is
/// trusted; `begin` fixes the session clock's zero and the sink, then START; `stop` sends STOP
/// and waits for the node's last samples and STATUS.
public final class LiveDevice: Sendable {
    /// The port as the therapist gave it.
    public let path: String
    public let requestedPlacement: Placement?
    let transport: any DeviceTransport
    /// Device seconds per host second (`SessionClock.deviceRate`).
    let deviceRate: Double
    private let state: Locked<DeviceState>
    private let log: @Sendable (String) -> Void

    /// What the reader task and the recorder share.
    struct DeviceState: Sendable {
        var decoder: DeviceStreamDecoder
        var mapper = ClockMapper()
        var clock: SessionClock?
        var sink: (@Sendable (SampleBlock, UInt64) -> Void)?
        var commandSequence: UInt32 = 0
        var ended: DisconnectReason?
        var stopSent = false
        var sendFailed = false
        var stoppedStatusSeen = false
        /// Samples decoded but not recorded: before the session's start, or with a device time
        /// that went back (a node restart). Counted and reported, never moved.
        var samplesNotRecorded = 0
        var samplesRecorded = 0
        var lastSampleTimeS: Double?
    }

    private init(path: String, placement: Placement?, transport: any DeviceTransport, deviceRate: Double,
                 log: @escaping @Sendable (String) -> Void) {
        self.path = path
        requestedPlacement = placement
        self.transport = transport
        self.deviceRate = deviceRate
        self.log = log
        state = Locked(DeviceState(decoder: DeviceStreamDecoder(deviceName: transport.name)))
    }

    /// Opens the serial port (or pseudo-terminal) at `path` and starts reading it.
    public static func connect(path: String, placement: Placement?, deviceRate: Double = 1,
                               log: @escaping @Sendable (String) -> Void) throws(LiveSessionError) -> LiveDevice {
        let transport: FileDescriptorTransport
        do {
            transport = try SerialTransport.openPortOrTerminal(path: path).transport
        } catch {
            throw LiveSessionError("\(path): cannot open the port: \(error.message). Check the path (`gait devices` lists the ports), that the node is powered, and that no other program holds the port.")
        }
        let device = LiveDevice(path: path, placement: placement, transport: transport, deviceRate: deviceRate, log: log)
        device.startReading()
        return device
    }

    private func startReading() {
        let events = transport.events
        Task.detached { [self] in
            for await event in events {
                switch event {
                case .bytes(let bytes): receive(bytes, arrivedUs: HostClock.nowUs())
                case .disconnected(let reason): ended(reason)
                }
            }
        }
        Task.detached { [self] in
            // TIME_SYNC pings for as long as the link lives (ClockMapper.recommendedPingIntervalUs).
            var ping: UInt32 = 0
            while state.withLock({ $0.ended == nil && !$0.sendFailed }) {
                send { .timeSyncPing(pingID: ping, hostTimeUs: HostClock.nowUs()) }
                ping &+= 1
                try? await Task.sleep(nanoseconds: ClockMapper.recommendedPingIntervalUs * 1000)
            }
        }
    }

    /// Sends a command with the next sequence number; a failed write is logged (the link's end
    /// is reported by the reader).
    private func send(_ command: () -> HostCommand) {
        let sequence = state.withLock { state -> UInt32 in
            state.commandSequence &+= 1
            return state.commandSequence
        }
        do {
            try transport.send(command(), sequence: sequence)
        } catch {
            // Once: a link that cannot take commands is ending (the reader reports how), and the
            // 10 Hz pings would repeat the message until it has.
            let first = state.withLock { state -> Bool in
                defer { state.sendFailed = true }
                return !state.sendFailed && state.ended == nil
            }
            if first { log("\(path): could not send a command: \(error.message). The node may have been unplugged or switched off.") }
        }
    }

    private func receive(_ bytes: [UInt8], arrivedUs: UInt64) {
        let (blocks, sink, problems) = state.withLock { state -> ([SampleBlock], (@Sendable (SampleBlock, UInt64) -> Void)?, [String]) in
            var decoded: [DeviceStreamDecoder.Event] = []
            state.decoder.push(bytes) { decoded.append($0) }
            var blocks: [SampleBlock] = [], problems: [String] = []
            for event in decoded {
                switch event {
                case .timeSync(let reply):
                    state.mapper.add(SessionClock.exchange(reply, hostReceiveUs: arrivedUs, deviceRate: deviceRate))
                case .samples(let samples):
                    if let block = Self.sessionBlock(samples, state: &state) { blocks.append(block) }
                case .status(let status):
                    if state.stopSent && !status.isStreaming { state.stoppedStatusSeen = true }
                    if status.hasSensorFault { problems.append("\(state.decoder.deviceLabel): the node reports a sensor fault (STATUS flags). Check the sensor's mounting and cable; its samples are still recorded as sent.") }
                case .problem(let problem):
                    problems.append(problem.description)
                case .descriptor:
                    break
                }
            }
            return (blocks, state.sink, problems)
        }
        problems.forEach(log)
        if let sink { blocks.forEach { sink($0, arrivedUs) } }
    }

    /// The samples on the session clock; those before the session or out of order are counted out.
    private static func sessionBlock(_ samples: DeviceStreamDecoder.Samples, state: inout DeviceState) -> SampleBlock? {
        guard state.sink != nil, var clock = state.clock else {
            state.samplesNotRecorded += samples.count  // before the session started
            return nil
        }
        defer { state.clock = clock }
        var times: [Double] = [], values: [Double] = []
        times.reserveCapacity(samples.count)
        values.reserveCapacity(samples.valuesSI.count)
        let width = samples.channelCount
        for index in 0..<samples.count {
            guard let timeS = clock.sessionTimeS(deviceTimeUs: samples.deviceTimesUs[index], mapper: state.mapper), timeS >= 0 else {
                state.samplesNotRecorded += 1
                continue
            }
            times.append(timeS)
            values.append(contentsOf: samples.valuesSI[(index * width)..<((index + 1) * width)])
        }
        guard !times.isEmpty else { return nil }
        state.samplesRecorded += times.count
        state.lastSampleTimeS = times.last
        return SampleBlock(timesS: times, values: values, valueCount: width)
    }

    private func ended(_ reason: DisconnectReason) {
        let (label, stopping) = state.withLock { state -> (String, Bool) in
            state.ended = reason
            _ = state.decoder.finish()
            return (state.decoder.deviceLabel, state.stopSent)
        }
        if reason != .closedByHost && !stopping {
            log("\(label): the link ended (\(reason)). Its samples up to now are recorded; check the node's power and cable. The session goes on with the other devices.")
        }
    }

    /// How long a node has to answer and to give the 8 clock exchanges the mapping needs, s.
    public static let handshakeTimeoutS = 5.0

    /// Asks for the DESCRIPTOR, setting the placement first if one was given.
    public func requestDescriptor() {
        if let requestedPlacement { send { .setPlacement(code: PlacementCode.code(requestedPlacement)) } }
        send { .getDescriptor }
    }

    /// Waits until the DESCRIPTOR (with the placement asked for) has arrived and the clock
    /// mapping is trusted.
    public func awaitDescriptor(until deadline: Date) throws(LiveSessionError) -> NodeDescriptor {
        let timeoutS = Self.handshakeTimeoutS
        var lastAsk = Date()
        while Date() < deadline {
            let (descriptor, ready, ended) = state.withLock { ($0.decoder.descriptor, $0.mapper.isReady, $0.ended) }
            if let ended { throw LiveSessionError("\(path): the link ended during the handshake (\(ended)). Is the node powered and connected?") }
            if let descriptor, descriptor.placement == requestedPlacement || requestedPlacement == nil, ready { return descriptor }
            if Date().timeIntervalSince(lastAsk) > 0.5 && descriptor == nil {
                send { .getDescriptor }  // a damaged command is not answered (PROTOCOL.md section 8)
                lastAsk = Date()
            }
            usleep(10_000)
        }
        let (descriptor, exchanges, bytes) = state.withLock { ($0.decoder.descriptor, $0.mapper.exchangesSeen, $0.decoder.counts.bytes) }
        if bytes == 0 { throw LiveSessionError("\(path): no answer in \(timeoutS) s. Is this a gait sensor node, and is it powered? (`gait devices --port \(path)` asks it what it is.)") }
        if descriptor == nil { throw LiveSessionError("\(path): \(bytes) bytes but no DESCRIPTOR in \(timeoutS) s: the node does not speak protocol version 1. Update its firmware.") }
        throw LiveSessionError("\(path): only \(exchanges) time-sync replies in \(timeoutS) s (8 needed to map its clock). The link is too slow or lossy; try another USB port or cable.")
    }

    /// Fixes the session clock's zero and where samples go (each block with the host time, µs,
    /// its bytes arrived), then sends START.
    func begin(sessionStartHostUs: UInt64, sink: @escaping @Sendable (SampleBlock, UInt64) -> Void) {
        state.withLock { state in
            state.clock = SessionClock(sessionStartHostUs: sessionStartHostUs, deviceRate: deviceRate)
            state.sink = sink
        }
        send { .start }
    }

    /// Sends STOP and waits (at most `timeoutS`) for the last samples and the STATUS that follows.
    func stop(timeoutS: Double = 2) {
        guard state.withLock({ state -> Bool in
            defer { state.stopSent = true }
            return state.ended == nil
        }) else { return }
        send { .stop }
        let deadline = Date().addingTimeInterval(timeoutS)
        while Date() < deadline && !state.withLock({ $0.stoppedStatusSeen || $0.ended != nil }) { usleep(10_000) }
    }

    /// Closes the link and waits until the reader has handed over everything it received.
    func close() {
        transport.close()
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline && state.withLock({ $0.ended == nil }) { usleep(5_000) }
    }

    /// A copy of the device's figures, for the terminal and the dashboard.
    public func snapshot() -> DeviceSnapshot {
        state.withLock { state in
            DeviceSnapshot(path: path, label: state.decoder.deviceLabel, placement: state.decoder.descriptor?.placement,
                           connected: state.ended == nil, endReason: state.ended.map(\.description),
                           nominalRateHz: state.decoder.descriptor?.nominalRateHz, samplesRecorded: state.samplesRecorded,
                           samplesMissing: state.decoder.counts.samplesMissing, framesLost: state.decoder.counts.framesLost,
                           framesRejected: state.decoder.counts.framesRejected, samplesNotRecorded: state.samplesNotRecorded,
                           lastSampleTimeS: state.lastSampleTimeS, clockDriftPpm: state.mapper.estimate?.driftPpm,
                           clockBestHalfRoundTripUs: state.mapper.estimate?.bestHalfRoundTripUs)
        }
    }
}

/// One device's figures at one moment.
public struct DeviceSnapshot: Sendable, Equatable, Codable {
    public var path: String
    public var label: String
    public var placement: Placement?
    public var connected: Bool
    public var endReason: String?
    public var nominalRateHz: Double?
    public var samplesRecorded: Int
    /// From sample-index jumps: samples the node acquired that never arrived.
    public var samplesMissing: UInt64
    public var framesLost: UInt64
    public var framesRejected: Int
    public var samplesNotRecorded: Int
    public var lastSampleTimeS: Double?
    public var clockDriftPpm: Double?
    public var clockBestHalfRoundTripUs: Double?
}

/// Why a live session could not start or go on: which device, what happened, what to do.
public struct LiveSessionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
