"""E-archive delivery: one E-ARK SIP 2.1.0 package (FGS Paketstruktur 2.0, CSIP 2.1.0) per adjusted minutes.

`package.write_package(meeting, output_dir)` writes a folder named by the
package's OBJID; `package.package_zip(meeting)` gives the same as a zip.
The XML (METS, PREMIS, Dublin Core) is made in `documents`.
"""
