import Foundation
import GradLang

/// Pictures in the `grad` command: the terminal's own size and colour when standard output
/// is a terminal (80×24 and plain otherwise, so piped output stays stable), and SVG files
/// allowed, since the user runs their own programs here.
enum TerminalPlotSettings {
    static func current() -> PlotSettings {
        var settings = PlotSettings(writesFiles: true)
        guard isatty(STDOUT_FILENO) == 1 else { return settings }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20, size.ws_row >= 8 {
            settings.width = min(Int(size.ws_col), 160)
            settings.height = max(12, min(Int(size.ws_row) - 2, 40))
        }
        settings.color = ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        return settings
    }
}
