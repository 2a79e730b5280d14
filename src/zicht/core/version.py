from importlib.metadata import PackageNotFoundError, version


def zicht_version() -> str:
    try:
        return version("zicht")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "onbekend"
