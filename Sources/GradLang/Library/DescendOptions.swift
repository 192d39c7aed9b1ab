extension Descend {
    /// descend's named arguments, checked.
    struct Options {
        enum Rate {
            /// A number `grad` may be following: descend differentiates through its steps.
            case fixed(Value)
            /// Backtracking line search: each step finds its own length (`lr: "auto"`).
            case auto
        }

        var rate = Rate.fixed(.number(0.1))
        var optimizer = Optimizer.Kind.plain
        var steps = 100
        var trace = false
        var tolerance: Double?
        var returnsPath = false
        var method = CalculusLibrary.Method.exact

        static let names = ["lr", "steps", "trace", "tol", "path", "method", "h", "optimizer", "beta", "beta1", "beta2",
                            "eps"]

        init(_ call: BuiltinCall) throws {
            rate = try Options.rate(call)
            optimizer = try Options.optimizer(call)
            if case .auto = rate, optimizer != .plain {
                throw call.fail("lr: \"auto\" searches the step of plain descent; leave out optimizer:, or give lr a number")
            }
            let steps = try call.numberOption("steps", default: 100)
            self.steps = try BuiltinCall.whole(steps, "steps:", call)
            trace = try call.boolOption("trace", default: false)
            returnsPath = try call.boolOption("path", default: false)
            method = try CalculusLibrary.Method(call)
            if call.option("tol") != nil {
                let tol = try call.numberOption("tol", default: 0, onlyCompared: true)
                guard tol >= 0 else { throw call.fail("tol: must be at least 0") }
                tolerance = tol
            }
        }

        private static func rate(_ call: BuiltinCall) throws -> Rate {
            if case .string(let text)? = call.option("lr")?.value {
                guard text == "auto" else { throw call.fail("lr: must be a number or \"auto\", got \"\(text)\"") }
                return .auto
            }
            let lr = try call.numericOption("lr", default: 0.1)
            guard lr.number!.isFinite else { throw call.fail("lr: must be a finite number") }
            return .fixed(lr)
        }

        private static func optimizer(_ call: BuiltinCall) throws -> Optimizer.Kind {
            let name = try call.stringOption("optimizer", default: "plain")!
            let betas: [String: String] = ["beta": "momentum", "beta1": "adam", "beta2": "adam", "eps": "adam"]
            for (option, owner) in betas where call.option(option) != nil && owner != name {
                throw call.fail("\(option): goes with optimizer: \"\(owner)\"")
            }
            switch name {
            case "plain": return .plain
            case "momentum": return .momentum(beta: try fraction("beta", 0.9, call))
            case "adam":
                let epsilon = try call.numberOption("eps", default: 1e-8)
                guard epsilon > 0, epsilon.isFinite else { throw call.fail("eps: must be a small positive number") }
                return .adam(beta1: try fraction("beta1", 0.9, call), beta2: try fraction("beta2", 0.999, call),
                             epsilon: epsilon)
            default:
                throw call.fail("optimizer: must be \"plain\", \"momentum\" or \"adam\", got \"\(name)\"")
            }
        }

        /// A decay rate: at least 0 and below 1.
        private static func fraction(_ label: String, _ value: Double, _ call: BuiltinCall) throws -> Double {
            let x = try call.numberOption(label, default: value)
            guard x >= 0, x < 1 else { throw call.fail("\(label): must be at least 0 and below 1") }
            return x
        }
    }
}
