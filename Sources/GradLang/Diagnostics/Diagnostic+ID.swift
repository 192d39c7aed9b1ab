/// Each kind of diagnostic by name, without its facts: `DiagnosticTests` holds a sample of
/// every one, so a case added without a sample fails there, naming it.
extension Diagnostic {
    enum ID: String, CaseIterable {
        // Lexer
        case malformedNumber, dottedName, unexpectedCharacter, mismatchedCloser, unmatchedCloser, unterminatedString
        case unknownEscape, unclosedInterpolation, emptyInterpolation
        // Parser
        case unexpectedToken, neverClosed, nestedTooDeeply, chainedComparison, chainedRange, unexpectedOperator
        case positionalAfterNamed, parametersMustBeNames, duplicateParameter, invalidAssignmentTarget
        case unexpectedInInterpolation
        // Python habits (grammar.md §10)
        case namedArgumentWithEqual, tuple, severalLoopVariables, pythonDefinition, pythonLambda, assignmentInCondition
        case unparenthesizedParameters
        // Resolver
        case outsideLoop, returnOutsideFunction
        // Names
        case undefinedName, usedBeforeAssigned, unquotedParameterName, expressionForFunction
        // Arguments
        case builtinArgumentCount, argumentCount, namedArgumentToFunction, unknownOption, wrongArgumentType, notACount
        case notDifferentiable, builtinRefused
        // Limits
        case stepLimit, callDepthLimit, stackExhausted, memoryBudget, gradNesting, valueNesting, copyTooLarge
        case lengthLimit, stringTooLong, comparedTooLarge, displayTooLarge, tapeBudget, hostStringTooLong
        case hostVectorTooDeep, hostVectorTooLarge, programTooLarge
        // Values
        case cannotApply, lengthMismatch, cannotNegate, cannotCompare, unaryPlus, notANumber, conditionNotBool
        case notIterable, notCallable, hiddenBuiltin, rangeNotFinite, rangeTooLong, countingGap, pointArgumentCount
        // Elements
        case notIndexable, elementOfNonVector, indexNotANumber, indexNotWhole, indexOutOfRange, invalidFormatSpec
        case formatNeedsWholeNumber
        // Host
        case hostFunctionThrew, hostArgumentTooLarge, hostDerivativeNeedsNumber, hostDerivativeCount
        case hostOutputCountChanged, foreignFunction, outputFailed, pictureFailed, alreadyRunning
        // Stops
        case interrupted
    }

    /// No `default:`: a new case does not compile until it has an id.
    var id: ID {
        switch self {
        case .malformedNumber: return .malformedNumber
        case .dottedName: return .dottedName
        case .unexpectedCharacter: return .unexpectedCharacter
        case .mismatchedCloser: return .mismatchedCloser
        case .unmatchedCloser: return .unmatchedCloser
        case .unterminatedString: return .unterminatedString
        case .unknownEscape: return .unknownEscape
        case .unclosedInterpolation: return .unclosedInterpolation
        case .emptyInterpolation: return .emptyInterpolation
        case .unexpectedToken: return .unexpectedToken
        case .neverClosed: return .neverClosed
        case .nestedTooDeeply: return .nestedTooDeeply
        case .chainedComparison: return .chainedComparison
        case .chainedRange: return .chainedRange
        case .unexpectedOperator: return .unexpectedOperator
        case .positionalAfterNamed: return .positionalAfterNamed
        case .parametersMustBeNames: return .parametersMustBeNames
        case .duplicateParameter: return .duplicateParameter
        case .invalidAssignmentTarget: return .invalidAssignmentTarget
        case .unexpectedInInterpolation: return .unexpectedInInterpolation
        case .namedArgumentWithEqual: return .namedArgumentWithEqual
        case .tuple: return .tuple
        case .severalLoopVariables: return .severalLoopVariables
        case .pythonDefinition: return .pythonDefinition
        case .pythonLambda: return .pythonLambda
        case .assignmentInCondition: return .assignmentInCondition
        case .unparenthesizedParameters: return .unparenthesizedParameters
        case .outsideLoop: return .outsideLoop
        case .returnOutsideFunction: return .returnOutsideFunction
        case .undefinedName: return .undefinedName
        case .usedBeforeAssigned: return .usedBeforeAssigned
        case .unquotedParameterName: return .unquotedParameterName
        case .expressionForFunction: return .expressionForFunction
        case .builtinArgumentCount: return .builtinArgumentCount
        case .argumentCount: return .argumentCount
        case .namedArgumentToFunction: return .namedArgumentToFunction
        case .unknownOption: return .unknownOption
        case .wrongArgumentType: return .wrongArgumentType
        case .notACount: return .notACount
        case .notDifferentiable: return .notDifferentiable
        case .builtinRefused: return .builtinRefused
        case .stepLimit: return .stepLimit
        case .callDepthLimit: return .callDepthLimit
        case .stackExhausted: return .stackExhausted
        case .memoryBudget: return .memoryBudget
        case .gradNesting: return .gradNesting
        case .valueNesting: return .valueNesting
        case .copyTooLarge: return .copyTooLarge
        case .lengthLimit: return .lengthLimit
        case .stringTooLong: return .stringTooLong
        case .comparedTooLarge: return .comparedTooLarge
        case .displayTooLarge: return .displayTooLarge
        case .tapeBudget: return .tapeBudget
        case .hostStringTooLong: return .hostStringTooLong
        case .hostVectorTooDeep: return .hostVectorTooDeep
        case .hostVectorTooLarge: return .hostVectorTooLarge
        case .programTooLarge: return .programTooLarge
        case .cannotApply: return .cannotApply
        case .lengthMismatch: return .lengthMismatch
        case .cannotNegate: return .cannotNegate
        case .cannotCompare: return .cannotCompare
        case .unaryPlus: return .unaryPlus
        case .notANumber: return .notANumber
        case .conditionNotBool: return .conditionNotBool
        case .notIterable: return .notIterable
        case .notCallable: return .notCallable
        case .hiddenBuiltin: return .hiddenBuiltin
        case .rangeNotFinite: return .rangeNotFinite
        case .rangeTooLong: return .rangeTooLong
        case .countingGap: return .countingGap
        case .pointArgumentCount: return .pointArgumentCount
        case .notIndexable: return .notIndexable
        case .elementOfNonVector: return .elementOfNonVector
        case .indexNotANumber: return .indexNotANumber
        case .indexNotWhole: return .indexNotWhole
        case .indexOutOfRange: return .indexOutOfRange
        case .invalidFormatSpec: return .invalidFormatSpec
        case .formatNeedsWholeNumber: return .formatNeedsWholeNumber
        case .hostFunctionThrew: return .hostFunctionThrew
        case .hostArgumentTooLarge: return .hostArgumentTooLarge
        case .hostDerivativeNeedsNumber: return .hostDerivativeNeedsNumber
        case .hostDerivativeCount: return .hostDerivativeCount
        case .hostOutputCountChanged: return .hostOutputCountChanged
        case .foreignFunction: return .foreignFunction
        case .outputFailed: return .outputFailed
        case .pictureFailed: return .pictureFailed
        case .alreadyRunning: return .alreadyRunning
        case .interrupted: return .interrupted
        }
    }
}
