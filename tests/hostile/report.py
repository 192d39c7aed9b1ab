"""What both hostile runners print: each case ok or FAIL with its problems, then the counts."""


def report(results):
    """`results` yields (label, problems, detail); prints each and returns the exit status."""
    passed = failed = 0
    for label, problems, detail in results:
        if problems:
            failed += 1
            print(f"FAIL  {label}")
            for problem in problems:
                print(f"      {problem}")
        else:
            passed += 1
            print(f"ok    {label}{detail}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
