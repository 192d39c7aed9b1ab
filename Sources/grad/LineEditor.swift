import CLibedit
import Foundation

/// What reading one line at the prompt gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line (and any pending continuation lines) is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case end
}

/// Where the REPL reads its lines from.
protocol LineSource: AnyObject {
    func read(prompt: String) -> LineInput
    /// Records one complete entry (a statement, possibly of several lines, or a command).
    func remember(_ entry: String)
}

/// Standard input that is not a terminal (`... | grad -i lesson.grad`): plain lines, no prompts.
final class PlainLineSource: LineSource {
    func read(prompt: String) -> LineInput {
        guard let line = readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func remember(_ entry: String) {}
}

/// Line editing through libedit's native API (histedit.h): emacs keys, history with prefix
/// search, Tab completion, UTF-8 (given an LC_CTYPE locale that decodes it).
final class LineEditor: LineSource {
    private let editLine: OpaquePointer
    private let history: CommandHistory
    private let completer: Completer
    /// The prompt libedit shows; the C callback returns this buffer, so it must outlive the call.
    private var promptBuffer: UnsafeMutablePointer<CChar> = strdup("grad> ")
    /// The terminal opened a second time, not blocking (see `readCharacter`).
    private let keys: Int32

    init?(history: CommandHistory, completer: Completer) {
        // Only LC_CTYPE: libedit decodes input bytes with mbrtowc. LC_NUMERIC stays "C" so that
        // number formatting never sees a decimal comma. Falls back to C.UTF-8 when needed.
        _ = grad_setlocale_ctype()
        guard let editLine = grad_el_init("grad") else { return nil }
        self.editLine = editLine
        keys = ttyname(STDIN_FILENO).map { open($0, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC) } ?? -1
        self.history = history
        self.completer = completer
        grad_el_set_clientdata(editLine, Unmanaged.passUnretained(self).toOpaque())
        // libedit restores the terminal on signals and handles SIGWINCH / SIGTSTP / SIGCONT.
        grad_el_set_signal(editLine, 1)
        grad_el_set_editor(editLine, "emacs")
        grad_el_set_prompt(editLine, promptCallback)
        if keys >= 0 { grad_el_set_getcfn(editLine, readCharacterCallback) }
        if let handle = history.handle { grad_el_set_hist(editLine, handle) }
        grad_el_addfn(editLine, "grad-complete", "complete a Grad name or :command", completeCallback)
        grad_el_addfn(editLine, "grad-history-prev", "previous entry starting with the typed text", previousCallback)
        grad_el_addfn(editLine, "grad-history-next", "next entry starting with the typed text", nextCallback)
        for (key, function) in LineEditor.bindings { grad_el_bind(editLine, key, function) }
        // ~/.editrc (lines starting `grad:` apply to Grad only) may override any of the above.
        el_source(editLine, nil)
    }

    deinit {
        el_end(editLine)
        free(promptBuffer)
        if keys >= 0 { close(keys) }
    }

    private static let bindings: [(String, String)] = [
        ("^I", "grad-complete"),
        // Home / End / Delete in the forms terminals send; libedit binds some only when
        // terminfo for $TERM mentions them (in tmux with xterm-256color it does not).
        ("\\e[1~", "ed-move-to-beg"), ("\\e[7~", "ed-move-to-beg"), ("\\e[H", "ed-move-to-beg"),
        ("\\eOH", "ed-move-to-beg"),
        ("\\e[4~", "ed-move-to-end"), ("\\e[8~", "ed-move-to-end"), ("\\e[F", "ed-move-to-end"),
        ("\\eOF", "ed-move-to-end"),
        ("\\e[3~", "ed-delete-next-char"),
        // Ctrl-arrows and Alt-arrows move by words.
        ("\\e[1;5C", "em-next-word"), ("\\e[1;5D", "ed-prev-word"),
        ("\\e[5C", "em-next-word"), ("\\e[5D", "ed-prev-word"),
        ("\\e[1;3C", "em-next-word"), ("\\e[1;3D", "ed-prev-word"),
        // Up / Down recall only the entries that start with what is already typed (libedit's
        // ed-search-prev-history matches anywhere in the entry, so Grad has its own).
        ("\\e[A", "grad-history-prev"), ("\\eOA", "grad-history-prev"),
        ("\\e[B", "grad-history-next"), ("\\eOB", "grad-history-next"),
        // Ctrl-R: incremental search backwards; Ctrl-P / Ctrl-N step through all entries.
        ("^R", "em-inc-search-prev"),
    ]

    func read(prompt: String) -> LineInput {
        search = nil
        WakeUpPipe.forget()  // a Ctrl-C before the prompt was shown is not meant for it
        free(promptBuffer)
        promptBuffer = strdup(prompt)
        fflush(stdout)
        Terminal.stopLineBuffering()
        var count: Int32 = 0
        guard let cLine = el_gets(editLine, &count) else {
            if count == -1 && errno == EINTR { return .interrupted }
            return .end
        }
        var line = String(cString: cLine)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ entry: String) {
        history.add(entry)
    }

    fileprivate var prompt: UnsafeMutablePointer<CChar> { promptBuffer }

    /// Where Up and Down have got to: the text typed before the first Up, which entries must start
    /// with, and the entry shown now (when the line no longer shows it, the user edited it and
    /// the next Up starts a new search from the edited text).
    private struct Recall {
        var index: Int
        let prefix: String
        var shown: String
    }

    private var search: Recall?

    /// Up (older) or Down (newer): the nearest entry that starts with the typed text and differs
    /// from the line shown; Down past the newest brings back what was typed.
    fileprivate func recall(older: Bool) -> UInt8 {
        let line = currentLine()
        if let state = search, state.shown != line { search = nil }
        let entries = history.entries
        var state = search ?? Recall(index: entries.count, prefix: line, shown: line)
        let step = older ? -1 : 1
        var i = state.index + step
        while entries.indices.contains(i) && (!entries[i].hasPrefix(state.prefix) || entries[i] == state.shown) {
            i += step
        }
        if entries.indices.contains(i) {
            state.index = i
            state.shown = entries[i]
        } else if !older && search != nil {
            state.index = entries.count
            state.shown = state.prefix
        } else {
            return UInt8(CC_REFRESH_BEEP)
        }
        search = state
        replaceLine(with: state.shown)
        return UInt8(CC_REFRESH)
    }

    private func currentLine() -> String {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let end = info.lastchar else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: end - buffer), as: UTF8.self)
    }

    private func replaceLine(with text: String) {
        guard let info = el_wline(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor,
              let end = info.lastchar else { return }
        _ = el_cursor(editLine, Int32(end - cursor))
        el_deletestr(editLine, Int32(end - buffer))
        _ = el_insertstr(editLine, text)
    }

    /// The next character typed, for libedit: 1 with it stored, 0 at the end of input, or -1
    /// with errno EINTR when Ctrl-C came first, whenever it came (`WakeUpPipe`). Bytes are
    /// decoded by the LC_CTYPE locale, as libedit's own reader does; an invalid byte is
    /// dropped, as there.
    ///
    /// The keys are read from the terminal opened a second time without blocking: Ctrl-C
    /// empties the terminal's queue, so keys that `poll` saw may be gone by the `read`, and a
    /// blocking read would then wait for the next key.
    fileprivate func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        var state = mbstate_t()
        while true {
            var waiting = [pollfd(fd: keys, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: WakeUpPipe.readEnd, events: Int16(POLLIN), revents: 0)]
            if poll(&waiting, nfds_t(waiting.count), -1) < 0 {
                if errno == EINTR { continue }  // the byte of a Ctrl-C is in the pipe by now
                return -1
            }
            if waiting[1].revents != 0, WakeUpPipe.forget() {
                errno = EINTR
                return -1
            }
            guard waiting[0].revents != 0 else { continue }
            var byte: CChar = 0
            let count = Glibc.read(keys, &byte, 1)
            if count == 0 { return 0 }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return -1
            }
            switch mbrtowc(character, &byte, 1, &state) {
            case -2: continue  // more bytes of this character to come
            case -1: state = mbstate_t()  // not a character: dropped
            default: return 1
            }
        }
    }

    /// Tab: complete the word before the cursor, or list the candidates.
    fileprivate func complete() -> UInt8 {
        guard let info = el_line(editLine)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
        switch completer.complete(before: before) {
        case .insert(let text):
            el_insertstr(editLine, text)
            return UInt8(CC_REFRESH)
        case .list(let candidates):
            print("\n" + Completer.columns(candidates, width: Terminal.width), terminator: "")
            fflush(stdout)
            return UInt8(CC_REDISPLAY)
        case .nothing:
            return UInt8(CC_REFRESH_BEEP)
        }
    }
}

private let previousCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    LineEditor.from(editLine)?.recall(older: true) ?? UInt8(CC_ERROR)
}

private let nextCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    LineEditor.from(editLine)?.recall(older: false) ?? UInt8(CC_ERROR)
}

private let promptCallback: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>? = { editLine in
    LineEditor.from(editLine)?.prompt
}

private let readCharacterCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<wchar_t>?) -> Int32 = {
    editLine, character in
    guard let editor = LineEditor.from(editLine), let character else { return -1 }
    return editor.readCharacter(into: character)
}

private let completeCallback: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { editLine, _ in
    LineEditor.from(editLine)?.complete() ?? UInt8(CC_ERROR)
}

private extension LineEditor {
    static func from(_ editLine: OpaquePointer?) -> LineEditor? {
        guard let editLine, let data = grad_el_get_clientdata(editLine) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }
}

enum Terminal {
    /// Turns off the terminal's own line editing (canonical mode) and echo before `el_gets`.
    ///
    /// libedit (Debian's build) switches to raw mode only after it has shown the prompt, when it
    /// first reads. A key typed in between arrives in canonical mode: echoed by the terminal, and
    /// Ctrl-D is taken as end-of-file and lost (seen with pexpect under load). With canonical mode
    /// off, such keys wait as ordinary bytes for libedit. libedit still restores the cooked
    /// settings it saved at start when `el_gets` returns.
    static func stopLineBuffering() {
        var settings = termios()
        guard tcgetattr(STDIN_FILENO, &settings) == 0, settings.c_lflag & tcflag_t(ICANON) != 0 else { return }
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSADRAIN, &settings)
    }

    /// The size of the terminal, for laying out lists.
    static var width: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return 80
    }
}
