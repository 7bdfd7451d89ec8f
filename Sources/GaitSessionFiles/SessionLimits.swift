/// Bounds on what a session may declare, so that a hostile or mistaken session.json cannot make
/// the reader or the analysis hold memory out of proportion to a real recording. Every limit is
/// listed in README.md, "Limits". (The limits of the bytes themselves live with their readers:
/// `SessionFolder.maxManifestBytes`, `JSONParser.maxDepth`, `SensorFileReader.maxHeaderBytes`,
/// `SensorColumns.maxLineBytes`, `SensorFileReader.maxRecordedGaps`.)
public enum SessionLimits {
    /// Most cells one insole may list. Insoles in use have 8–16 (Moticon OpenGo), 99 (novel
    /// pedar-X) and up to 960 sensels (Tekscan F-Scan); the analysis holds 2 s of every cell
    /// (`InsoleStage`), so 10 000 cells at 1 kHz would be 160 MB for one foot.
    public static let maxInsoleCells = 1024

    /// Highest nominal rate a sensor may declare, in Hz. Body-worn IMUs sample at up to a few
    /// kHz, insoles at up to 1 kHz; the analysis buffers seconds of each sensor, so memory is
    /// proportional to the rate.
    public static let maxRateHz = 10_000.0

    /// A sensor file may hold at most this many times its nominal `rateHz` samples in any second
    /// of the session clock (counted per whole second of `t`). Real rates are within ±200 ppm
    /// of nominal (session-csv.md) and jitter moves single samples only; without this bound, a
    /// file whose `t` advances by nanoseconds would put millions of samples into one of the
    /// analysis's time windows.
    public static let maxRateFactor = 2.0
}
