"""Prints the TorchScript code a .pt archive holds, file by file (a
'# <path>' line, then the code), for FileCheck.

    pt_code.py MODEL.pt [PATH-PREFIX]

PATH-PREFIX keeps only the files under code/<PATH-PREFIX> (for example
__torch__/nirtorch/groups/).
"""
import sys
import zipfile


def main():
    prefix = sys.argv[2] if len(sys.argv) > 2 else ""
    with zipfile.ZipFile(sys.argv[1]) as archive:
        for name in sorted(archive.namelist()):
            if "/code/" not in name or not name.endswith(".py"):
                continue
            path = name.split("/code/", 1)[1]
            if path.startswith(prefix):
                print("#", path)
                print(archive.read(name).decode())


if __name__ == "__main__":
    main()
