import FuzzSupport
import GaitCore
import GaitSessionFiles

/// One libFuzzer input: a control byte, then the bytes of a sensor file.
///
/// The control byte picks the sensor (bit 0: IMU or insole; bits 1–3: the insole's cell count
/// − 1), and how many bytes each refill of the line reader gets (bits 4–7: 1 byte up to the whole
/// input), so that lines split across refills are exercised as much as whole ones. The file is
/// read to its end in blocks of 1–8 samples; any outcome but samples or a `SessionFileError` is a
/// finding.
@main
enum FuzzSensorCSV {
    static func main() { runFuzzer(testOneInput) }
}

// Exported under libFuzzer's conventional name too: its runtime archive refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let contents = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let isInsole = control & 1 == 1
    let cellCount = Int((control >> 1) & 7) + 1
    let sensor = isInsole
        ? SensorDescriptor(id: "lin", kind: .insole, placement: .leftInsole, file: "fuzz.csv", rateHz: 200,
                           cells: (0..<cellCount).map { InsoleCell(xMm: Double($0), yMm: 0, areaMm2: 100) })
        : SensorDescriptor(id: "pelvis", kind: .imu, placement: .pelvis, file: "fuzz.csv", rateHz: 500)
    let readShift = Int(control >> 4)
    let maxReadBytes = readShift == 15 ? Int.max : 1 << readShift
    do {
        var reader = try SensorFileReader(sensor: sensor, contents: contents, displayPath: "fuzz.csv",
                                          blockSize: Int(control % 8) + 1, maxReadBytes: maxReadBytes)
        while let block = try reader.nextBlock() {
            precondition(block.values.count == block.timesS.count * reader.columns.valueCount, "block shape")
        }
        precondition(reader.gaps.count <= SensorFileReader.maxRecordedGaps, "gaps bounded")
    } catch is SessionFileError {
        // The expected rejection of bad input.
    } catch {
        fatalError("sensor file rejected with an error that is not a SessionFileError: \(error)")
    }
    return 0
}
