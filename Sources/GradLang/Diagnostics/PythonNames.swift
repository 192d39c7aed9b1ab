/// Names a student brings from Python and NumPy that Grad spells another way: an undefined
/// one gets the Grad way instead of a guess by spelling ("did you mean 'grad'" would not
/// come for `gradient`, and `log10` for `log1p` misleads).
enum PythonNames {
    static func advice(for name: String) -> String? {
        advice[name]
    }

    private static let advice: [String: String] = [
        "gradient": "the gradient of f at p is grad(f, p)",
        "quiver": "contour(f, [x0, x1], [y0, y1], arrows: true) draws the gradient arrows",
        "meshgrid": "plots sample their own grid: contour(f, [x0, x1], [y0, y1]) and surface(f, [x0, x1], [y0, y1])",
        "arange": "a range of numbers is range(a, b, step) or a..b",
        "array": "a vector is written in brackets, as in [1, 2, 3]",
        "def": "define a function as f(x) = expression",
        "lambda": "write a function as x -> expression",
        "True": "Grad writes true",
        "False": "Grad writes false",
        "None": "Grad writes none",
        "pow": "write x^y",
        "size": "the number of elements is len(v)",
    ]
}
