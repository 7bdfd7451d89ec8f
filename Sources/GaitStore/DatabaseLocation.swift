import Foundation

/// Where the session store lives: `--database PATH`, else `$GAIT_DATABASE`, else the XDG data
/// directory (`$XDG_DATA_HOME/gait/sessions.sqlite`, by default `~/.local/share/gait/sessions.sqlite`).
public enum DatabaseLocation {
    public static let environmentVariable = "GAIT_DATABASE"

    public static func resolve(option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let option, !option.isEmpty { return option }
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            dataHome = xdg    // The XDG spec: a relative XDG_DATA_HOME is invalid and ignored.
        } else {
            let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
            dataHome = home + "/.local/share"
        }
        return dataHome + "/gait/sessions.sqlite"
    }
}
