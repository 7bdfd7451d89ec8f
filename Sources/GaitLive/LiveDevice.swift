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
///
/// A link that ends during the session (a cable pulled, a node that restarts) is an **outage**:
/// the port is tried again every `reconnectIntervalS`; when the same node (its DESCRIPTOR's device
/// id) answers there again, its clock is mapped afresh, it is STARTed, and recording goes on. The
/// outage is logged and kept with its start and end on the session clock (`outages`); nothing
/// is filled in.
public final class LiveDevice: Sendable {
    /// The port as the therapist gave it.
    public let path: String
    public let requestedPlacement: Placement?
    /// False when libserialport refused the port and it was opened directly (a pseudo-terminal).
    public let openedThroughLibserialport: Bool
    /// Device seconds per host second (`SessionClock.deviceRate`).
    let deviceRate: Double
    private let state: Locked<DeviceState>
    private let log: @Sendable (String) -> Void

    /// How often a lost node's port is tried again, s.
    public static let reconnectIntervalS = 0.5
    /// How long a node has to answer and to give the 8 clock exchanges the mapping needs, s.
    public static let handshakeTimeoutS = 5.0

    /// One connection to the node: a new one after each outage.
    struct Link: Sendable {
        let transport: any DeviceTransport
        /// Which connection this is (0 the first): events of an older one are ignored.
        let generation: Int
        var decoder: DeviceStreamDecoder
        var mapper = ClockMapper()
        var ended: DisconnectReason?
        var sendFailed = false
        /// Its samples may be recorded: the first link, or a new one once its node proved to be
        /// ours (device id). Until then nothing it sends is recorded: a port name can be taken by
        /// another node meanwhile (a reused /dev/pts/N behind a stale link, another USB node).
        var accepted: Bool
        /// Samples that came before it was accepted: counted as not recorded if it is.
        var samplesBeforeAccepted = 0
    }

    /// A time the node was not recorded: from its last sample before the link ended to its
    /// first sample after it came back (nil while it has not), seconds on the session clock.
    public struct Outage: Sendable, Equatable, Codable {
        public var fromS: Double
        public var toS: Double?
    }

    /// The decoder counts that add up over links.
    struct EarlierCounts: Sendable {
        var bytes: Int64 = 0
        var framesRejected = 0
        var framesLost: UInt64 = 0
        var samplesMissing: UInt64 = 0
    }

    /// What the reader tasks and the recorder share.
    struct DeviceState: Sendable {
        var link: Link
        /// The node being recorded (fixed by the first handshake): another node at the same port is not taken for it.
        var deviceID: UInt64?
        /// Counts of the links before the present one.
        var earlierCounts = EarlierCounts()
        var clock: SessionClock?
        var sink: (@Sendable (SampleBlock, UInt64) -> Void)?
        var commandSequence: UInt32 = 0
        var stopSent = false
        /// `close` was called: no more reconnecting.
        var closing = false
        var stoppedStatusSeen = false
        var outages: [Outage] = []
        /// Host µs at which the link ended; nil while connected.
        var disconnectedSinceUs: UInt64?
        /// Samples decoded but not recorded: before the session's start, before a new link's clock
        /// is mapped, or with a time not after the last recorded one. Counted and reported, never moved.
        var samplesNotRecorded = 0
        var samplesRecorded = 0
        var lastSampleTimeS: Double?
    }

    private init(path: String, placement: Placement?, transport: any DeviceTransport, throughLibserialport: Bool, deviceRate: Double,
                 log: @escaping @Sendable (String) -> Void) {
        self.path = path
        openedThroughLibserialport = throughLibserialport
        requestedPlacement = placement
        self.deviceRate = deviceRate
        self.log = log
        state = Locked(DeviceState(link: Link(transport: transport, generation: 0, decoder: DeviceStreamDecoder(deviceName: transport.name),
                                              accepted: true)))
    }

    /// Opens the link `path` names and starts reading it: a serial port (or pseudo-terminal), or
    /// `usb:BUS/ADDRESS` for a node's vendor bulk interface through libusb (as `gait devices`
    /// lists it, e.g. `usb:001/004`).
    public static func connect(path: String, placement: Placement?, deviceRate: Double = 1,
                               log: @escaping @Sendable (String) -> Void) throws(LiveSessionError) -> LiveDevice {
        let transport: any DeviceTransport, throughLibserialport: Bool
        do {
            if let (bus, address) = try USBLinkName.parse(path) {
                transport = try USBBulkTransport.open(busNumber: bus, address: address)
                throughLibserialport = false
            } else {
                let opened = try SerialTransport.openPortOrTerminal(path: path)
                (transport, throughLibserialport) = (opened.transport, opened.note == nil)
            }
        } catch let error as TransportError {
            throw LiveSessionError("\(path): cannot open the link: \(error.message). Check the name (`gait devices` lists ports and USB nodes), that the node is powered, and that no other program holds it.")
        } catch {
            throw LiveSessionError("\(error)")
        }
        let device = LiveDevice(path: path, placement: placement, transport: transport, throughLibserialport: throughLibserialport,
                                deviceRate: deviceRate, log: log)
        device.startReading(transport, generation: 0)
        return device
    }

    private func startReading(_ transport: any DeviceTransport, generation: Int) {
        let events = transport.events
        // On the link executor, not the cooperative pool: arrival times feed the clock mapping.
        Task(executorPreference: LinkExecutor.shared) { [self] in
            for await event in events {
                switch event {
                case .bytes(let bytes): receive(bytes, arrivedUs: HostClock.nowUs(), generation: generation)
                case .disconnected(let reason): ended(reason, generation: generation)
                }
            }
        }
        Task(executorPreference: LinkExecutor.shared) { [self] in
            // TIME_SYNC pings for as long as the link lives (ClockMapper.recommendedPingIntervalUs).
            var ping: UInt32 = 0
            while state.withLock({ $0.link.generation == generation && $0.link.ended == nil && !$0.link.sendFailed }) {
                send { .timeSyncPing(pingID: ping, hostTimeUs: HostClock.nowUs()) }
                ping &+= 1
                try? await Task.sleep(nanoseconds: ClockMapper.recommendedPingIntervalUs * 1000)
            }
        }
    }

    /// Sends a command with the next sequence number on the present link; a failed write is
    /// logged once (the link's end is reported by the reader).
    private func send(_ command: () -> HostCommand) {
        let (sequence, transport) = state.withLock { state -> (UInt32, any DeviceTransport) in
            state.commandSequence &+= 1
            return (state.commandSequence, state.link.transport)
        }
        do {
            try transport.send(command(), sequence: sequence)
        } catch {
            // Once: a link that cannot take commands is ending (the reader reports how), and the
            // 10 Hz pings would repeat the message until it has.
            let first = state.withLock { state -> Bool in
                guard state.link.transport === transport else { return false }
                defer { state.link.sendFailed = true }
                return !state.link.sendFailed && state.link.ended == nil
            }
            if first { log("\(path): could not send a command: \(error.message). The node may have been unplugged or switched off.") }
        }
    }

    private func receive(_ bytes: [UInt8], arrivedUs: UInt64, generation: Int) {
        let (blocks, sink, problems) = state.withLock { state -> ([SampleBlock], (@Sendable (SampleBlock, UInt64) -> Void)?, [String]) in
            guard state.link.generation == generation else { return ([], nil, []) }
            var decoded: [DeviceStreamDecoder.Event] = []
            state.link.decoder.push(bytes) { decoded.append($0) }
            var blocks: [SampleBlock] = [], problems: [String] = []
            for event in decoded {
                switch event {
                case .timeSync(let reply):
                    state.link.mapper.add(SessionClock.exchange(reply, hostReceiveUs: arrivedUs, deviceRate: deviceRate))
                case .samples(let samples):
                    if let block = Self.sessionBlock(samples, state: &state, problems: &problems) { blocks.append(block) }
                case .status(let status):
                    if state.stopSent && !status.isStreaming { state.stoppedStatusSeen = true }
                    if status.hasSensorFault { problems.append("\(state.link.decoder.deviceLabel): the node reports a sensor fault (STATUS flags). Check the sensor's mounting and cable; its samples are still recorded as sent.") }
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
    private static func sessionBlock(_ samples: DeviceStreamDecoder.Samples, state: inout DeviceState,
                                     problems: inout [String]) -> SampleBlock? {
        guard state.sink != nil, var clock = state.clock else {
            state.samplesNotRecorded += samples.count  // before the session started
            return nil
        }
        guard state.link.accepted else {
            state.link.samplesBeforeAccepted += samples.count  // not known to be this node's yet
            return nil
        }
        defer { state.clock = clock }
        var times: [Double] = [], values: [Double] = []
        times.reserveCapacity(samples.count)
        values.reserveCapacity(samples.valuesSI.count)
        let width = samples.channelCount
        for index in 0..<samples.count {
            guard let timeS = clock.sessionTimeS(deviceTimeUs: samples.deviceTimesUs[index], mapper: state.link.mapper), timeS >= 0 else {
                state.samplesNotRecorded += 1
                continue
            }
            times.append(timeS)
            values.append(contentsOf: samples.valuesSI[(index * width)..<((index + 1) * width)])
        }
        guard let first = times.first else { return nil }
        if let open = state.outages.indices.last, state.outages[open].toS == nil {
            state.outages[open].toS = first
            problems.append(String(format: "%@: recording again from %.3f s; nothing was recorded from %.3f s to %.3f s (a gap, not filled in).",
                                   state.link.decoder.deviceLabel, first, state.outages[open].fromS, first))
        }
        state.samplesRecorded += times.count
        state.lastSampleTimeS = times.last
        return SampleBlock(timesS: times, values: values, valueCount: width)
    }

    private func ended(_ reason: DisconnectReason, generation: Int) {
        let (label, outageFromS) = state.withLock { state -> (String, Double?) in
            guard state.link.generation == generation else { return ("", nil) }
            state.link.ended = reason
            _ = state.link.decoder.finish()
            state.disconnectedSinceUs = HostClock.nowUs()
            guard reason != .closedByHost, !state.stopSent, !state.closing, state.sink != nil else { return (state.link.decoder.deviceLabel, nil) }
            let fromS = state.lastSampleTimeS ?? 0
            state.outages.append(Outage(fromS: fromS, toS: nil))
            return (state.link.decoder.deviceLabel, fromS)
        }
        guard !label.isEmpty else { return }
        if let outageFromS {
            log(String(format: "%@: the link ended (%@); its last sample was at %.3f s. Waiting for it at %@ to record again (check its power and cable); the other devices go on.",
                       label, reason.description, outageFromS, path))
            Task(executorPreference: LinkExecutor.shared) { [self] in await reconnect() }
        } else if reason != .closedByHost && !state.withLock({ $0.stopSent || $0.closing }) {
            log("\(label): the link ended (\(reason)) before the session started.")
        }
    }

    /// The links where the node may be back: its serial port; or, for a USB node, every node
    /// 1209:0001 that can be opened (a replugged device gets a new address), the device id
    /// deciding which is ours.
    private func candidateLinks() -> [() throws -> any DeviceTransport] {
        guard (try? USBLinkName.parse(path)) != nil else {
            return [{ [path] in try SerialTransport.openPortOrTerminal(path: path).transport }]
        }
        return DeviceDiscovery.usbNodes().filter { $0.openProblem == nil }.map { node in
            { try USBBulkTransport.open(busNumber: node.busNumber, address: node.address) }
        }
    }

    /// Tries the link again until the same node answers there (or the device is closed).
    private func reconnect() async {
        var refusedOther: UInt64?
        while !state.withLock({ $0.closing || $0.stopSent }) {
            try? await Task.sleep(nanoseconds: UInt64(Self.reconnectIntervalS * 1e9))
            for open in candidateLinks() {
                guard let transport = try? open() else { continue }
                switch await tryResuming(on: transport, refusedOther: &refusedOther) {
                case .resumed, .closing: return
                case .notOurs: continue
                }
            }
        }
    }

    private enum ResumeOutcome { case resumed, notOurs, closing }

    /// Makes `transport` the link if our node answers on it; closes it otherwise.
    private func tryResuming(on transport: any DeviceTransport, refusedOther: inout UInt64?) async -> ResumeOutcome {
        guard let generation = install(transport) else {
            transport.close()
            return .closing
        }
        requestDescriptor()
        let descriptor: NodeDescriptor
        do {
            descriptor = try await awaitHandshake(until: Date().addingTimeInterval(Self.handshakeTimeoutS))
        } catch {
            transport.close()
            return .notOurs
        }
        let expected = state.withLock { $0.deviceID }
        guard descriptor.deviceID == expected || expected == nil else {
            if refusedOther != descriptor.deviceID {
                log("\(transport.name): another node (device \(descriptor.deviceIDText)) answers here; it is not recorded in place of device \(expected.map(deviceIDText) ?? "?"). Plug the original node in.")
                refusedOther = descriptor.deviceID
            }
            transport.close()
            return .notOurs
        }
        let resumed = state.withLock { state -> Bool in
            guard state.link.generation == generation, !state.closing, !state.stopSent else { return false }
            state.link.accepted = true
            state.samplesNotRecorded += state.link.samplesBeforeAccepted
            state.clock?.linkRestarted()
            state.disconnectedSinceUs = nil
            return true
        }
        guard resumed else {
            transport.close()
            return .closing
        }
        log("\(descriptor.deviceIDText) is back at \(transport.name); its clock is mapped again. Recording goes on.")
        send { .start }
        return .resumed
    }

    /// Makes `transport` the present link (a new decoder and clock mapping) and reads it; nil
    /// when the device is closing.
    private func install(_ transport: any DeviceTransport) -> Int? {
        let generation = state.withLock { state -> Int? in
            guard !state.closing, !state.stopSent else { return nil }
            let previous = state.link.decoder.counts
            state.earlierCounts.bytes += previous.bytes
            state.earlierCounts.framesRejected += previous.framesRejected
            state.earlierCounts.framesLost += previous.framesLost
            state.earlierCounts.samplesMissing += previous.samplesMissing
            state.link = Link(transport: transport, generation: state.link.generation + 1,
                              decoder: DeviceStreamDecoder(deviceName: transport.name), accepted: false)
            return state.link.generation
        }
        if let generation { startReading(transport, generation: generation) }
        return generation
    }

    /// Asks for the DESCRIPTOR, setting the placement first if one was given.
    public func requestDescriptor() {
        if let requestedPlacement { send { .setPlacement(code: PlacementCode.code(requestedPlacement)) } }
        send { .getDescriptor }
    }

    /// Where the handshake stands: done (the descriptor), still going (nil), or failed.
    private func handshakeProgress(lastAsk: inout Date) throws(LiveSessionError) -> NodeDescriptor? {
        let (descriptor, ready, ended) = state.withLock { ($0.link.decoder.descriptor, $0.link.mapper.isReady, $0.link.ended) }
        if let ended { throw LiveSessionError("\(path): the link ended during the handshake (\(ended)). Is the node powered and connected?") }
        if let descriptor, descriptor.placement == requestedPlacement || requestedPlacement == nil, ready {
            state.withLock { state in
                if state.deviceID == nil { state.deviceID = descriptor.deviceID }
            }
            return descriptor
        }
        if Date().timeIntervalSince(lastAsk) > 0.5 && descriptor == nil {
            send { .getDescriptor }  // a damaged command is not answered (PROTOCOL.md section 8)
            lastAsk = Date()
        }
        return nil
    }

    private func handshakeFailure() -> LiveSessionError {
        let timeoutS = Self.handshakeTimeoutS
        let (descriptor, exchanges, bytes) = state.withLock { ($0.link.decoder.descriptor, $0.link.mapper.exchangesSeen, $0.link.decoder.counts.bytes) }
        if bytes == 0 { return LiveSessionError("\(path): no answer in \(timeoutS) s. Is this a gait sensor node, and is it powered? (`gait devices --port \(path)` asks it what it is.)") }
        if descriptor == nil { return LiveSessionError("\(path): \(bytes) bytes but no DESCRIPTOR in \(timeoutS) s: the node does not speak protocol version 1. Update its firmware.") }
        return LiveSessionError("\(path): only \(exchanges) time-sync replies in \(timeoutS) s (8 needed to map its clock). The link is too slow or lossy; try another USB port or cable.")
    }

    /// Waits until the DESCRIPTOR (with the placement asked for) has arrived and the clock
    /// mapping is trusted.
    public func awaitDescriptor(until deadline: Date) throws(LiveSessionError) -> NodeDescriptor {
        var lastAsk = Date()
        while Date() < deadline {
            if let descriptor = try handshakeProgress(lastAsk: &lastAsk) { return descriptor }
            usleep(10_000)
        }
        throw handshakeFailure()
    }

    /// `awaitDescriptor` for a task (a node coming back), sleeping instead of blocking a thread.
    private func awaitHandshake(until deadline: Date) async throws(LiveSessionError) -> NodeDescriptor {
        var lastAsk = Date()
        while Date() < deadline {
            if let descriptor = try handshakeProgress(lastAsk: &lastAsk) { return descriptor }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        throw handshakeFailure()
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
            return state.link.ended == nil
        }) else { return }
        send { .stop }
        let deadline = Date().addingTimeInterval(timeoutS)
        while Date() < deadline && !state.withLock({ $0.stoppedStatusSeen || $0.link.ended != nil }) { usleep(10_000) }
    }

    /// Closes the link and waits until the reader has handed over everything it received.
    func close() {
        let transport = state.withLock { state -> any DeviceTransport in
            state.closing = true
            return state.link.transport
        }
        transport.close()
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline && state.withLock({ $0.link.ended == nil }) { usleep(5_000) }
    }

    /// Host µs since the link ended, or nil while it is connected.
    func disconnectedForUs(now: UInt64 = HostClock.nowUs()) -> UInt64? {
        state.withLock { $0.disconnectedSinceUs.map { now >= $0 ? now - $0 : 0 } }
    }

    /// The outages so far, in order.
    public var outages: [Outage] { state.withLock { $0.outages } }

    /// A copy of the device's figures, for the terminal and the dashboard.
    public func snapshot() -> DeviceSnapshot {
        state.withLock { state in
            let counts = state.link.decoder.counts, earlier = state.earlierCounts
            return DeviceSnapshot(path: path, label: state.link.decoder.deviceLabel, placement: state.link.decoder.descriptor?.placement,
                                  connected: state.link.ended == nil,
                                  endReason: state.link.ended.map { reason in
                                      let waiting = state.outages.last.map { $0.toS == nil } ?? false
                                      return reason.description + (waiting ? "; waiting for it to come back" : "")
                                  },
                                  nominalRateHz: state.link.decoder.descriptor?.nominalRateHz, samplesRecorded: state.samplesRecorded,
                                  samplesMissing: earlier.samplesMissing + counts.samplesMissing, framesLost: earlier.framesLost + counts.framesLost,
                                  framesRejected: earlier.framesRejected + counts.framesRejected, samplesNotRecorded: state.samplesNotRecorded,
                                  lastSampleTimeS: state.lastSampleTimeS, clockDriftPpm: state.link.mapper.estimate?.driftPpm,
                                  clockBestHalfRoundTripUs: state.link.mapper.estimate?.bestHalfRoundTripUs,
                                  outages: state.outages.count, bytesReceived: earlier.bytes + counts.bytes)
        }
    }
}

/// A device id as DESCRIPTOR texts show it.
private func deviceIDText(_ id: UInt64) -> String { String(format: "%016llX", id) }

/// `usb:BUS/ADDRESS`, the name `gait record --port` takes for a node's USB bulk interface.
enum USBLinkName {
    /// The bus and address of a `usb:` name; nil for any other (a serial port's path).
    /// - Throws: `LiveSessionError` for a `usb:` name that is not `usb:BUS/ADDRESS`.
    static func parse(_ name: String) throws(LiveSessionError) -> (bus: UInt8, address: UInt8)? {
        guard name.hasPrefix("usb:") else { return nil }
        let parts = name.dropFirst(4).split(separator: "/")
        guard parts.count == 2, let bus = UInt8(parts[0]), let address = UInt8(parts[1]) else {
            throw LiveSessionError("\(name): a USB node is named usb:BUS/ADDRESS, e.g. usb:001/004, as `gait devices` lists it.")
        }
        return (bus, address)
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
    /// Times the link ended during the session (`LiveDevice.outages`).
    public var outages: Int
    public var bytesReceived: Int64
}

/// Why a live session could not start or go on: which device, what happened, what to do.
public struct LiveSessionError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
