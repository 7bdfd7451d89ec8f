import GaitCore

/// The contents of a session folder's `session.json` (session-csv.md, "session.json").
///
/// Keys this version does not know are kept in the `extra` dictionaries at every level and are
/// written back, so that files from newer writers survive a read–write round trip.
public struct SessionManifest: Equatable, Sendable {
    /// The exact value of the `format` key this module reads and writes.
    public static let formatIdentifier = "gait-session-csv/1"

    public var subject: Subject?
    /// Free text, e.g. `treadmill-run`.
    public var activity: String?
    /// Belt speed in m/s, when on a treadmill.
    public var treadmillSpeedMps: Double?
    /// The interval of quiet standing to calibrate from, seconds on the session clock. Without it
    /// the analysis looks for one itself.
    public var standing: TimeSpan?
    /// In file order.
    public var sensors: [SensorDescriptor]
    /// Unknown top-level keys, kept as read.
    public var extra: [String: JSONValue]

    public init(subject: Subject? = nil, activity: String? = nil, treadmillSpeedMps: Double? = nil,
                standing: TimeSpan? = nil, sensors: [SensorDescriptor], extra: [String: JSONValue] = [:]) {
        self.subject = subject
        self.activity = activity
        self.treadmillSpeedMps = treadmillSpeedMps
        self.standing = standing
        self.sensors = sensors
        self.extra = extra
    }

    /// The sensor worn at `placement`, if the session has one.
    public func sensor(at placement: Placement) -> SensorDescriptor? {
        sensors.first { $0.placement == placement }
    }

    /// The sensor with this `id`, if any.
    public func sensor(id: String) -> SensorDescriptor? {
        sensors.first { $0.id == id }
    }
}

/// An interval on the session clock, seconds.
public struct TimeSpan: Equatable, Sendable, Codable {
    /// Seconds on the session clock.
    public var start: Double
    /// Seconds on the session clock; greater than `start`.
    public var end: Double
    /// Unknown keys of the JSON object, kept as read.
    public var extra: [String: JSONValue]

    /// Seconds.
    public var duration: Double { end - start }

    public init(start: Double, end: Double, extra: [String: JSONValue] = [:]) {
        self.start = start
        self.end = end
        self.extra = extra
    }

    // Codable by hand so that `extra` is flattened into the object rather than nested under
    // an "extra" key, as in session.json.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        start = try container.decode(Double.self, forKey: DynamicCodingKey("start"))
        end = try container.decode(Double.self, forKey: DynamicCodingKey("end"))
        var extra: [String: JSONValue] = [:]
        for key in container.allKeys where key.stringValue != "start" && key.stringValue != "end" {
            extra[key.stringValue] = try container.decode(JSONValue.self, forKey: key)
        }
        self.extra = extra
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        try container.encode(start, forKey: DynamicCodingKey("start"))
        try container.encode(end, forKey: DynamicCodingKey("end"))
        for (key, value) in extra where key != "start" && key != "end" {
            try container.encode(value, forKey: DynamicCodingKey(key))
        }
    }
}

/// Who was measured.
public struct Subject: Equatable, Sendable {
    public var id: String?
    /// Body mass in kg.
    public var massKg: Double?
    /// Standing height in m.
    public var heightM: Double?
    /// Unknown keys, kept as read.
    public var extra: [String: JSONValue]

    public init(id: String? = nil, massKg: Double? = nil, heightM: Double? = nil, extra: [String: JSONValue] = [:]) {
        self.id = id
        self.massKg = massKg
        self.heightM = heightM
        self.extra = extra
    }
}

/// One entry of `sensors` in session.json.
public struct SensorDescriptor: Equatable, Sendable {
    /// Unique within the session.
    public var id: String
    public var kind: SensorKind
    /// Unique within the session; an insole placement has kind `.insole`, every other `.imu`.
    public var placement: Placement
    /// The sensor's CSV file, relative to the session folder.
    public var file: String
    /// Nominal sample rate in Hz; the actual rate may differ by ±200 ppm.
    public var rateHz: Double
    /// Insoles only: the cells in the insole frame, in the order of the columns p0…pN-1.
    public var cells: [InsoleCell]?
    /// Unknown keys, kept as read.
    public var extra: [String: JSONValue]

    public init(id: String, kind: SensorKind, placement: Placement, file: String, rateHz: Double,
                cells: [InsoleCell]? = nil, extra: [String: JSONValue] = [:]) {
        self.id = id
        self.kind = kind
        self.placement = placement
        self.file = file
        self.rateHz = rateHz
        self.cells = cells
        self.extra = extra
    }

    /// Nominal sample period in seconds.
    public var periodS: Double { 1 / rateHz }
}

/// One pressure cell of an insole, in the insole frame of conventions.md (x heel→toe, y to the
/// subject's left). JSON keys `x`, `y`, `areaMm2`.
public struct InsoleCell: Equatable, Sendable {
    /// Centre, mm from the heel towards the toe.
    public var xMm: Double
    /// Centre, mm to the subject's left.
    public var yMm: Double
    /// Area in mm²; positive.
    public var areaMm2: Double
    /// Unknown keys, kept as read.
    public var extra: [String: JSONValue]

    public init(xMm: Double, yMm: Double, areaMm2: Double, extra: [String: JSONValue] = [:]) {
        self.xMm = xMm
        self.yMm = yMm
        self.areaMm2 = areaMm2
        self.extra = extra
    }
}
