/// How pictures drawn in the terminal look when a call does not say: the size of the
/// picture in character cells, and whether to use ANSI colours. The library cannot know
/// the terminal, so it draws a fixed 80×24 picture without colour; a host that does know
/// (the REPL) may pass its terminal's size and whether colour is welcome. A call's own
/// `width:`, `height:` and `color:` always win.
///
/// `writesFiles` decides whether `file: "name.svg"` may write a file: the one way a script
/// could touch the file system, so an embedding host must turn it on (the `grad` command
/// does).
public struct PlotSettings: Sendable, Equatable {
    public var width: Int
    public var height: Int
    public var color: Bool
    public var writesFiles: Bool

    public init(width: Int = 80, height: Int = 24, color: Bool = false, writesFiles: Bool = false) {
        self.width = width
        self.height = height
        self.color = color
        self.writesFiles = writesFiles
    }
}
