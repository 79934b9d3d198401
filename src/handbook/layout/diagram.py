"""placeholder"""
def layout_diagram(block, ctx):
    return []
