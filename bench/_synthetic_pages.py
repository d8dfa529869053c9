def synthetic_pages():
    return {}, {}
